package app.platform.identity.legacy.adapter.in.web;

import app.platform.legacy.JdbcLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.TableState;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** For cdc-relay's reconciliation (a {@code services} token): what identity imported of a legacy table. */
@RestController
class LegacyLedgerController {

    private final JdbcLegacyLedger ledger;

    LegacyLedgerController(JdbcLegacyLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/identity/internal/legacy/{table}")
    @Transactional(readOnly = true)
    TableState state(@PathVariable String table) {
        return ledger.state(table);
    }
}
