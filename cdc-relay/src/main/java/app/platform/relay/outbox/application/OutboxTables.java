package app.platform.relay.outbox.application;

import java.util.List;

/** Port: the services' outbox tables, which each service's migrations create. */
public interface OutboxTables {

    /** Whether every one of the schema-qualified tables exists. */
    boolean allExist(List<String> tables);
}
