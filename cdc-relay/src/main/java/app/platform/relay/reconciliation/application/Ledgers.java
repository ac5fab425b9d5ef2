package app.platform.relay.reconciliation.application;

import app.platform.relay.reconciliation.domain.Ledger;
import app.platform.relay.reconciliation.domain.Target;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Port: the importing services' ledgers of the legacy tables. */
public interface Ledgers {

    /**
     * Asks every table's owner for its ledger's summary (its rows per bucket, problems, warnings, waiting rows,
     * times; no row), all at once.
     *
     * @param ownerByTable each legacy table and the service that imports it
     * @return each table's ledger once its owner answered; completed exceptionally when the owner did not
     */
    Map<String, CompletableFuture<Ledger>> ask(Map<String, String> ownerByTable);

    /**
     * Asks every table's owner, all at once, what its own tables hold of the table against what it imported
     * ({@code …/<table>/target}).
     *
     * @return each table's answer once its owner gave it; completed exceptionally when the owner did not
     */
    Map<String, CompletableFuture<Target>> targets(Map<String, String> ownerByTable);

    /**
     * Asks every table's owner, all at once, for the failback's check ({@code …/<table>/failback}): the legacy table as
     * it is against what the owner's own tables hold of it, its own rows too.
     *
     * @return each table's answer once its owner gave it; completed exceptionally when the owner did not
     */
    Map<String, CompletableFuture<Target>> failbackChecks(Map<String, String> ownerByTable);

    /** The digests by id of the owner's imported rows of a table in the given buckets. */
    Map<String, String> rows(String owner, String table, java.util.Collection<String> buckets);
}
