package app.platform.identity.legacy.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.UserRegistered;
import app.platform.identity.legacy.domain.LegacyUser;
import app.platform.identity.legacy.domain.LegacyUser.PasswordKind;
import app.platform.legacy.JdbcLegacyLedger;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Imports Supabase's users and identities from the legacy capture's Debezium changes: the translation the platform's
 * legacy ledger applies ({@link JdbcLegacyLedger}: merged with the row's last known state, applied, recorded with its
 * digest, in one transaction), idempotently (upserts by id; a change applied twice changes nothing more) and in order
 * per row (the topic is keyed by primary key). New users are announced with {@code UserRegistered}
 * ({@code imported=true}), so every service — profile's app users included, orphans too — follows. Rows that cannot
 * be imported fully are reported, not fatal.
 */
@Service
public class LegacyImport {

    private final LegacyUserStore store;
    private final LegacySessionImport sessions;
    private final LegacyFactorImport factors;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public LegacyImport(LegacyUserStore store, LegacySessionImport sessions, LegacyFactorImport factors,
                        JdbcOutbox outbox, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.factors = factors;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * The translation the ledger applies to a change of {@code auth.users}, {@code auth.identities},
     * {@code auth.sessions}, {@code auth.refresh_tokens} or {@code auth.mfa_factors} ({@link JdbcLegacyLedger#handle}),
     * in the ledger's transaction.
     */
    public Outcome apply(LegacyChange change) {
        return switch (change.table()) {
            case "auth.users" -> user(change);
            case "auth.identities" -> identity(change);
            case "auth.sessions" -> sessions.session(change);
            case "auth.refresh_tokens" -> sessions.refreshToken(change);
            case "auth.mfa_factors" -> factors.apply(change);
            default -> throw new IllegalArgumentException("not a table identity imports: " + change.table());
        };
    }

    /**
     * A user is imported even when its password is not: without it, the problem reported. A hash identity cannot
     * verify (none, encrypted, of another kind) removes the password the user had here: the legacy one no longer
     * works, so the old one must not either.
     */
    private Outcome user(LegacyChange change) {
        if (change.deleted()) {
            store.markDeleted(UUID.fromString(change.id()), clock.instant());
            return Outcome.done();
        }
        LegacyUser user = legacyUser(change.row());
        UUID id = user.id();
        String encrypted = user.passwordHash();
        PasswordKind kind = user.passwordKind();
        boolean created = store.upsert(user);
        if (user.verifiable()) {
            store.setPasswordHash(id, encrypted);
        } else if (kind != null) {
            store.removePassword(id);
        }
        for (String[] pending : store.takePending(id)) {
            store.link(id, pending[0], pending[1]);
        }
        if (created) {
            Instant registered = user.createdAt() == null ? clock.instant() : user.createdAt();
            outbox.append(new UserRegistered(id, user.email(), user.emailConfirmedAt() != null,
                    user.method(), true, registered), new EventMetadata(null, "legacy-import"));
        }
        factors.userArrived(id); // after UserRegistered: profile hears of the user before of its factors
        if (kind == PasswordKind.ENCRYPTED || kind == PasswordKind.UNSUPPORTED) {
            return new Outcome(true, null, kind == PasswordKind.ENCRYPTED
                    ? "password hash encrypted by Supabase (no key): imported without a password, reset needed"
                    : "password hash of an unsupported kind: imported without a password, reset needed");
        }
        return Outcome.done();
    }

    /**
     * An {@code auth.users} row (Debezium's JSON, merged) as identity keeps it: the address lower-cased, a missing
     * flag false, the password hash with its kind. The import's one reading of a row, which the verification of what
     * identity holds applies too.
     */
    public static LegacyUser legacyUser(JsonNode row) {
        String encrypted = text(row, "encrypted_password");
        return new LegacyUser(UUID.fromString(row.path("id").asString()), lower(text(row, "email")), text(row, "phone"),
                row.path("is_sso_user").asBoolean(false), time(row, "email_confirmed_at"), time(row, "banned_until"),
                time(row, "deleted_at"), row.path("is_anonymous").asBoolean(false), text(row, "raw_app_meta_data"),
                text(row, "raw_user_meta_data"), time(row, "created_at"), encrypted,
                encrypted == null ? null : PasswordKind.of(encrypted));
    }

    /**
     * Whether an {@code auth.identities} row becomes a linked account here: every provider's but {@code email}'s and
     * {@code phone}'s, which mirror the user row.
     */
    public static boolean linked(JsonNode identity) {
        String provider = identity.path("provider").asString("");
        return !(provider.isEmpty() || provider.equals("email") || provider.equals("phone"));
    }

    /**
     * A change of {@code auth.identities}: a provider account (Google, Apple, GitHub, Azure, SAML, …) is linked by
     * its provider id, and unlinked when the identity is deleted; {@code email} and {@code phone} identities mirror
     * the user row. An identity before its user waits for it.
     */
    private Outcome identity(LegacyChange change) {
        JsonNode row = change.row();
        if (!linked(row)) {
            return Outcome.done();
        }
        String provider = row.path("provider").asString("");
        UUID userId = UUID.fromString(row.path("user_id").asString());
        String subject = row.path("provider_id").asString();
        if (change.deleted()) {
            store.unlink(userId, provider, subject);
        } else if (!store.link(userId, provider, subject)) {
            store.pend(provider, subject, userId);
        }
        return Outcome.done();
    }

    private static String text(JsonNode row, String field) {
        return LegacyChange.text(row, field);
    }

    private static Instant time(JsonNode row, String field) {
        return LegacyChange.time(row, field);
    }

    private static String lower(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
