package app.platform.relay.legacy.domain;

import java.util.List;

/**
 * The capture's replication slot as the legacy database reports it ({@code pg_replication_slots}).
 *
 * @param retainedWalBytes  the WAL the database keeps for the slot (its current position − {@code restart_lsn});
 *                          null when unknown
 * @param confirmedLagBytes the WAL the capture has not confirmed yet (the current position −
 *                          {@code confirmed_flush_lsn}); null when unknown
 * @param walStatus         one of {@link #WAL_STATUSES}; null when unknown
 */
public record SlotState(boolean active, Long retainedWalBytes, Long confirmedLagBytes, String walStatus) {

    /**
     * {@code reserved}: within {@code max_wal_size}; {@code extended}: beyond it, still kept; {@code unreserved}: to be
     * removed at the next checkpoint; {@code lost}: removed, the slot is unusable.
     */
    public static final List<String> WAL_STATUSES = List.of("reserved", "extended", "unreserved", "lost");

    /** No such slot: inactive, nothing known. */
    public static final SlotState MISSING = new SlotState(false, null, null, null);
}
