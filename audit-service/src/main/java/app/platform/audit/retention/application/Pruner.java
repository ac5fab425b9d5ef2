package app.platform.audit.retention.application;

import app.platform.audit.retention.domain.Checkpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The pruner's side of the database (its own role). */
public interface Pruner {
    boolean configured();

    /** Deletes the system chain's rows up to the last one older than {@code before}; its checkpoint, if any. */
    Optional<Checkpoint> pruneSystem(Instant before, CheckpointSigner signer);

    /** Likewise for each user chain with rows older than {@code before}. */
    List<Checkpoint> pruneUsers(Instant before, CheckpointSigner signer);
}
