package app.platform.identity.legacy.adapter.in.web;

import app.platform.failback.FailbackCheck;
import app.platform.legacy.JdbcLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.TableSummary;
import app.platform.legacy.TargetReport;
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
    private final org.springframework.beans.factory.ObjectProvider<FailbackCheck> failback;
    private final boolean testSwitches;

    LegacyLedgerController(JdbcLegacyLedger ledger, org.springframework.beans.factory.ObjectProvider<FailbackCheck> failback,
                           @org.springframework.beans.factory.annotation.Value("${platform.legacy.test-switches:false}") boolean testSwitches) {
        this.ledger = ledger;
        this.failback = failback;
        this.testSwitches = testSwitches;
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

    /** What identity's own tables hold of the legacy table, against what it imported. */
    @GetMapping("/api/identity/internal/legacy/{table}/target")
    TargetReport target(@PathVariable String table) {
        return ledger.target(table);
    }

    /** The failback's check: the legacy table as it is against what identity's own tables hold (with the failback on). */
    @GetMapping("/api/identity/internal/legacy/{table}/failback")
    org.springframework.http.ResponseEntity<TargetReport> failback(@PathVariable String table) {
        FailbackCheck check = failback.getIfAvailable();
        return check == null ? org.springframework.http.ResponseEntity.notFound().build()
                : org.springframework.http.ResponseEntity.ok(check.check(table));
    }

    /** Tests only ({@code platform.legacy.test-switches=true}): breaks the importer of a table by one column. */
    @org.springframework.web.bind.annotation.PutMapping("/api/identity/internal/legacy/{table}/broken-column/{column}")
    org.springframework.http.ResponseEntity<Void> breakColumn(@PathVariable String table, @PathVariable String column) {
        if (!testSwitches) {
            return org.springframework.http.ResponseEntity.notFound().build();
        }
        ledger.targets().breakColumn(table, column);
        return org.springframework.http.ResponseEntity.noContent().build();
    }

    /** Tests only: mends what {@link #breakColumn} broke. */
    @org.springframework.web.bind.annotation.DeleteMapping("/api/identity/internal/legacy/{table}/broken-column")
    org.springframework.http.ResponseEntity<Void> mend(@PathVariable String table) {
        if (!testSwitches) {
            return org.springframework.http.ResponseEntity.notFound().build();
        }
        ledger.targets().mend(table);
        return org.springframework.http.ResponseEntity.noContent().build();
    }
}
