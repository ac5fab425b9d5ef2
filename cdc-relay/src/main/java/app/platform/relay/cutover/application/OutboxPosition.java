package app.platform.relay.cutover.application;

import app.platform.relay.cutover.domain.Lsn;

/** Port: the platform database's WAL, and how far the outbox relay has forwarded it (its slot). */
public interface OutboxPosition {

    /** The platform database's current WAL position: every outbox row committed so far is before it. */
    Lsn now();

    /** The outbox relay slot's confirmed position (everything before it is in Kafka); null when it has no slot. */
    Lsn relayed(String slot);
}
