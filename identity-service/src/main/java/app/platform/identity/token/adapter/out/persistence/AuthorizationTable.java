package app.platform.identity.token.adapter.out.persistence;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring's JDBC store of authorizations, with what a save needs to know of the stored row read alone: its token values
 * (hashed), not the whole row parsed from its JSON, which the profile of a refresh showed a quarter of its time in.
 */
final class AuthorizationTable extends JdbcOAuth2AuthorizationService {

    /** The stored token values of a row (hashed, as stored), and its refresh token's among them (or null). */
    record StoredTokens(Set<String> values, String refreshToken) {
    }

    /** The save under way on this thread: the authorization, and whether a row under its id exists. */
    private final ThreadLocal<Saving> saving = new ThreadLocal<>();

    private record Saving(OAuth2Authorization authorization, boolean stored) {
    }

    AuthorizationTable(JdbcOperations jdbc, RegisteredClientRepository clients) {
        super(jdbc, clients);
    }

    /** The token values stored under this id, the row locked until the transaction ends; empty when there is none yet. */
    Optional<StoredTokens> storedTokensForUpdate(String id) {
        List<StoredTokens> rows = getJdbcOperations().query("""
                        SELECT authorization_code_value, access_token_value, oidc_id_token_value, refresh_token_value
                        FROM oauth2_authorization WHERE id = ? FOR UPDATE""", (rs, n) -> {
                    Set<String> values = new HashSet<>();
                    for (int column = 1; column <= 4; column++) {
                        if (rs.getString(column) != null) {
                            values.add(rs.getString(column));
                        }
                    }
                    return new StoredTokens(values, rs.getString(4));
                }, id);
        return rows.stream().findFirst();
    }

    /**
     * The authorization whose refresh token is this stored (hashed) value, its row locked until the transaction ends (a
     * refresh grant's: {@code OneRefreshAtATime}); null when none has it, which a refresh holding the lock meanwhile
     * may have rotated away.
     */
    OAuth2Authorization lockedByRefreshToken(String storedValue) {
        return getJdbcOperations().query("SELECT * FROM oauth2_authorization WHERE refresh_token_value = ? FOR UPDATE",
                getAuthorizationRowMapper(), storedValue).stream().findFirst().orElse(null);
    }

    /** Saves the authorization as an update when {@code stored} (a row under its id exists), else as an insert. */
    void save(OAuth2Authorization authorization, boolean stored) {
        saving.set(new Saving(authorization, stored));
        try {
            save(authorization);
        } finally {
            saving.remove();
        }
    }

    /**
     * Spring's save asks this whether the row exists, to choose between an insert and an update: answered from what
     * the caller read (the authorization being saved stands for the row, which the update overwrites).
     */
    @Override
    public OAuth2Authorization findById(String id) {
        Saving current = saving.get();
        if (current != null && current.authorization().getId().equals(id)) {
            return current.stored() ? current.authorization() : null;
        }
        return super.findById(id);
    }
}
