package app.platform.legacy;

import app.platform.legacy.LegacyChange.Position;
import tools.jackson.databind.node.ObjectNode;

/**
 * What both ledgers do with a captured change, given the row as last known: the one rule of ordering, merging and
 * skipping that {@link ReactiveLegacyLedger} and {@link JdbcLegacyLedger} share.
 *
 * @param kind   what to do
 * @param change the change to apply (merged with the last known row), for {@link Kind#APPLY}
 */
record LedgerStep(Kind kind, LegacyChange change) {

    enum Kind {
        /** At or before the row's last applied change (a replayed topic, a change the relay sent twice): nothing. */
        SKIP,
        /** The row as it is already applied (or a delete of a deleted row): only its position moves on. */
        ADVANCE,
        /** A delete of a row never seen: recorded, nothing to apply it to. */
        RECORD,
        /** Applied by the service's translation, then recorded. */
        APPLY
    }

    /** The ledger's row as last known. */
    record LastKnown(ObjectNode row, String digest, boolean applied, boolean deleted, Position position) {
    }

    /**
     * A delete carries only the key (the other columns as their types' defaults), so it is applied to the row as last
     * known; an insert or update is merged with it (unchanged TOASTed values).
     */
    static LedgerStep next(LegacyChange change, LastKnown known) {
        if (known != null && change.position().notAfter(known.position())) {
            return new LedgerStep(Kind.SKIP, change);
        }
        if (change.deleted()) {
            if (known == null) {
                return new LedgerStep(Kind.RECORD, change);
            }
            return known.applied() && known.deleted() ? new LedgerStep(Kind.ADVANCE, change)
                    : new LedgerStep(Kind.APPLY, change.withRow(known.row()));
        }
        LegacyChange merged = change.withRow(LegacyRows.merge(known == null ? null : known.row(), change.row()));
        boolean unchanged = known != null && known.applied() && !known.deleted()
                && LegacyRows.digest(merged.row()).equals(known.digest());
        return new LedgerStep(unchanged ? Kind.ADVANCE : Kind.APPLY, merged);
    }
}
