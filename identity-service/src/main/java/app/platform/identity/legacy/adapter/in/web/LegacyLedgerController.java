package app.platform.identity.legacy.adapter.in.web;

import app.platform.legacy.JdbcLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.TableSummary;
import java.util.List;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** For cdc-relay's reconciliation (a {@code services} token): what identity imported of a legacy table. */
@RestController
class LegacyLedgerController {

    private final JdbcLegacyLedger ledger;

    LegacyLedgerController(JdbcLegacyLedger ledger) {
        this.ledger = ledger;
    }

    /** Everything, or with {@code bucket} (repeated) only the digests of those buckets' rows. */
    @GetMapping("/api/identity/internal/legacy/{table}")
    @Transactional(readOnly = true)
    Object state(@PathVariable String table, @RequestParam(required = false) List<String> bucket) {
        return bucket == null ? ledger.state(table) : ledger.rows(table, bucket);
    }

    /** The imported rows per bucket, with the problems, warnings, waiting rows and times. */
    @GetMapping("/api/identity/internal/legacy/{table}/buckets")
    @Transactional(readOnly = true)
    TableSummary summary(@PathVariable String table) {
        return ledger.summary(table);
    }
}
