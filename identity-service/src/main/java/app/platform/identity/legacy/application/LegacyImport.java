package app.platform.identity.legacy.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.UserRegistered;
import app.platform.identity.legacy.domain.LegacyUser;
import app.platform.identity.legacy.domain.LegacyUser.PasswordKind;
import app.platform.identity.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Imports Supabase's users and identities from the legacy capture's Debezium changes, idempotently (upserts by
 * id; a change applied twice changes nothing more) and in order per row (the topic is keyed by primary key).
 * New users are announced with {@code UserRegistered} ({@code imported=true}), so every service — profile's app
 * users included, orphans too — follows. Rows that cannot be imported fully are reported, not fatal.
 */
@Service
public class LegacyImport {

    public static final String UNAVAILABLE = "__debezium_unavailable_value";

    public interface LegacyUserStore {
        /** Inserts or updates; true when the user is new here. */
        boolean upsert(LegacyUser user);

        void setPasswordHash(UUID userId, String hash);

        boolean exists(UUID userId);

        void markDeleted(UUID userId, Instant at);

        /** Links a provider account; false if the user is not there yet (then it waits as pending). */
        boolean link(UUID userId, String provider, String subject);

        void pend(String provider, String subject, UUID userId);

        List<String[]> takePending(UUID userId);

        void problem(String source, String sourceId, String reason);
    }

    private final LegacyUserStore store;
    private final Outbox outbox;
    private final Clock clock;

    public LegacyImport(LegacyUserStore store, Outbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A change of {@code auth.users}. */
    @Transactional
    public void user(JsonNode change) {
        String op = change.path("op").asString("");
        if (op.equals("d")) {
            UUID id = UUID.fromString(change.path("before").path("id").asString());
            store.markDeleted(id, clock.instant());
            return;
        }
        JsonNode row = change.path("after");
        UUID id = UUID.fromString(row.path("id").asString());
        String encrypted = text(row, "encrypted_password");
        PasswordKind kind = encrypted == null ? null : PasswordKind.of(encrypted);
        LegacyUser user = new LegacyUser(id, lower(text(row, "email")), time(row, "email_confirmed_at"),
                time(row, "banned_until"), time(row, "deleted_at"), row.path("is_anonymous").asBoolean(false),
                text(row, "raw_app_meta_data"), text(row, "raw_user_meta_data"), time(row, "created_at"), encrypted, kind);
        boolean created = store.upsert(user);
        if (kind == PasswordKind.BCRYPT) {
            store.setPasswordHash(id, encrypted);
        } else if (kind == PasswordKind.ENCRYPTED || kind == PasswordKind.UNSUPPORTED) {
            store.problem("auth.users", id.toString(), kind == PasswordKind.ENCRYPTED
                    ? "password hash encrypted by Supabase (no key): imported without a password, reset needed"
                    : "password hash of an unsupported kind: imported without a password, reset needed");
        }
        for (String[] pending : store.takePending(id)) {
            store.link(id, pending[0], pending[1]);
        }
        if (created) {
            Instant registered = user.createdAt() == null ? clock.instant() : user.createdAt();
            outbox.append(new UserRegistered(id, user.email(), user.emailConfirmedAt() != null,
                    user.method(), true, registered), new EventMetadata(null, "legacy-import"));
        }
    }

    /** A change of {@code auth.identities}: Google accounts are linked by their {@code sub}. */
    @Transactional
    public void identity(JsonNode change) {
        JsonNode row = change.path("op").asString("").equals("d") ? change.path("before") : change.path("after");
        String provider = row.path("provider").asString("");
        if (!provider.equals("google") || change.path("op").asString("").equals("d")) {
            return; // e-mail identities mirror the user row; a removed Google link stays until an operator acts
        }
        UUID userId = UUID.fromString(row.path("user_id").asString());
        String sub = row.path("provider_id").asString();
        if (!store.link(userId, provider, sub)) {
            store.pend(provider, sub, userId);
        }
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        if (value == null || value.isNull() || UNAVAILABLE.equals(value.asString(""))) {
            return null;
        }
        return value.isString() ? value.asString() : value.toString();
    }

    private static Instant time(JsonNode row, String field) {
        String value = text(row, field);
        return value == null ? null : Instant.parse(value);
    }

    private static String lower(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
