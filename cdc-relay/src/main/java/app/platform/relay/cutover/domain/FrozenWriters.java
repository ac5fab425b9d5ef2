package app.platform.relay.cutover.domain;

import java.util.List;

/**
 * What a freeze took from the legacy app, to give it back on unfreeze or rollback: the roles made read-only, and the
 * write privileges (INSERT, UPDATE, DELETE, TRUNCATE on captured tables) revoked from the API roles, which a
 * {@code BEGIN READ WRITE} (PostgREST's, for every write) would otherwise keep.
 */
public record FrozenWriters(List<String> roles, List<Grant> revoked) {

    public static final FrozenWriters NONE = new FrozenWriters(List.of(), List.of());

    public FrozenWriters {
        roles = List.copyOf(roles);
        revoked = List.copyOf(revoked);
    }

    /** One privilege of one role on one {@code schema.table}. */
    public record Grant(String role, String table, String privilege) {
    }
}
