package app.platform.relay.legacy.application;

import java.util.Map;

/** Port: the captured tables' columns as the capture first saw them, kept in the relay's database. */
public interface RecordedSchema {

    /** Records a table's columns unless they are recorded already. */
    void recordIfAbsent(String table, String columns);

    /** Every recorded table's columns, in table name order. */
    Map<String, String> all();
}
