package app.platform.identity.legacy.application;

import app.platform.crypto.KeyCipher;
import app.platform.identity.legacy.domain.GoTrueSecrets;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Imports Supabase's {@code auth.sessions} and {@code auth.refresh_tokens} (the ledger's translation, in its
 * transaction), so that a person who holds only a legacy refresh token is signed in here without typing a password
 * ({@link LegacySessions}). A refresh token arrives as its hash only (the capture masks it); a second-form session's
 * token key (GoTrue's {@code refresh_token_hmac_key}) is opened if GoTrue encrypted it and sealed under identity's
 * key. A session deleted in Supabase (a sign-out) is deleted here, and its tokens no longer exchange.
 */
@Service
public class LegacySessionImport {

    private final LegacySessionStore store;
    private final GoTrueSecrets secrets;
    private final KeyCipher cipher;

    public LegacySessionImport(LegacySessionStore store, GoTrueSecrets secrets, KeyCipher cipher) {
        this.store = store;
        this.secrets = secrets;
        this.cipher = cipher;
    }

    public Outcome session(LegacyChange change) {
        UUID id = UUID.fromString(change.id());
        if (change.deleted()) {
            store.deleteSession(id);
            return Outcome.done();
        }
        JsonNode row = change.row();
        String key = LegacyChange.text(row, "refresh_token_hmac_key");
        Optional<String> opened = key == null ? Optional.empty() : secrets.open(key, id);
        byte[] sealed = opened.map(k -> cipher.encrypt(k.getBytes(StandardCharsets.UTF_8))).orElse(null);
        store.save(new LegacySessionStore.Session(id, UUID.fromString(row.path("user_id").asString()),
                uuid(row, "factor_id"), LegacyChange.text(row, "aal"), LegacyChange.time(row, "not_after"),
                LegacyChange.time(row, "refreshed_at"), LegacyChange.text(row, "user_agent"),
                LegacyChange.text(row, "ip"), LegacyChange.text(row, "tag"), LegacyChange.time(row, "created_at"),
                LegacyChange.time(row, "updated_at"), sealed,
                row.hasNonNull("refresh_token_counter") ? row.get("refresh_token_counter").asLong() : null,
                uuid(row, "oauth_client_id")));
        return key != null && opened.isEmpty()
                ? new Outcome(true, null, "session key encrypted by Supabase (no key): its refresh tokens are not "
                        + "exchanged, the user signs in again")
                : Outcome.done();
    }

    public Outcome refreshToken(LegacyChange change) {
        long id = Long.parseLong(change.id());
        if (change.deleted()) {
            store.deleteRefreshToken(id);
            return Outcome.done();
        }
        JsonNode row = change.row();
        store.save(new LegacySessionStore.RefreshToken(id, LegacyChange.text(row, "token"),
                LegacyChange.text(row, "user_id"), uuid(row, "session_id"), row.path("revoked").asBoolean(false),
                LegacyChange.text(row, "parent"), LegacyChange.time(row, "created_at"),
                LegacyChange.time(row, "updated_at")));
        return Outcome.done();
    }

    private static UUID uuid(JsonNode row, String field) {
        String value = LegacyChange.text(row, field);
        return value == null || value.isBlank() ? null : UUID.fromString(value);
    }
}
