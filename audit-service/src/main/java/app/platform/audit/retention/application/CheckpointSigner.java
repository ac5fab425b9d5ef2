package app.platform.audit.retention.application;

import app.platform.audit.retention.domain.Checkpoint;

/** A port of {@link Retention}, implemented in {@code adapter.out}. */
public interface CheckpointSigner {
    byte[] sign(Checkpoint checkpoint);
}
