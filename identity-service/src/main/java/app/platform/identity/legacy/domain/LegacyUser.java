package app.platform.identity.legacy.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A Supabase {@code auth.users} row as identity keeps it: the id unchanged, the address lower-cased (null: none, as
 * for a phone-only user), the phone, whether it is an SSO user (GoTrue lets one share its address with a password
 * user), the confirmed, banned and deleted times, the metadata (JSON text), and the password hash if it is one we can
 * verify. Null metadata was not in the change (an unchanged TOASTed value): the stored one stays.
 */
public record LegacyUser(UUID id, String email, String phone, boolean ssoUser, Instant emailConfirmedAt,
                         Instant bannedUntil, Instant deletedAt, boolean anonymous, String appMetadata,
                         String userMetadata, Instant createdAt, String passwordHash, PasswordKind passwordKind) {

    /** What {@code encrypted_password} holds. */
    public enum PasswordKind {
        /** {@code $2a$}, {@code $2b$}, {@code $2y$}: verified as it is, rehashed at the first sign-in. */
        BCRYPT,
        /** {@code $argon2i$}, {@code $argon2id$} (PHC form), which GoTrue accepts: verified, rehashed to bcrypt. */
        ARGON2,
        /** {@code ''}: an OAuth-only or anonymous user. */
        NONE,
        /** Supabase's encrypted column ({@code {"key_id":...}}): unusable without the key. */
        ENCRYPTED,
        /** Anything else: not verifiable here. */
        UNSUPPORTED;

        public static PasswordKind of(String encrypted) {
            if (encrypted == null || encrypted.isEmpty()) {
                return NONE;
            }
            if (encrypted.matches("\\$2[aby]\\$\\d\\d\\$.{53}")) {
                return BCRYPT;
            }
            if (encrypted.matches("\\$argon2(i|id)\\$v=\\d+\\$m=\\d+,t=\\d+,p=\\d+\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+")) {
                return ARGON2;
            }
            return encrypted.startsWith("{") ? ENCRYPTED : UNSUPPORTED;
        }
    }

    /**
     * A stored password hash as GoTrue verifies it, for the reverse stream: identity's own form
     * ({@code {bcrypt}$2a$…}) without its prefix, an imported one ({@code $2…}, {@code $argon2…}) as it is, and
     * {@code ''} (no password, GoTrue's own value for one) for none or any other form.
     */
    public static String legacyHash(String stored) {
        if (stored == null) {
            return "";
        }
        String hash = stored.startsWith("{bcrypt}") ? stored.substring("{bcrypt}".length()) : stored;
        PasswordKind kind = PasswordKind.of(hash);
        return kind == PasswordKind.BCRYPT || kind == PasswordKind.ARGON2 ? hash : "";
    }

    /**
     * What the reverse stream writes as a live user's {@code encrypted_password}: {@link #legacyHash(String)} of the
     * stored hash, but with no password here, a legacy hash identity could not verify (encrypted with Supabase's key,
     * of another kind) stays as the ledger last saw it: GoTrue may verify it still, and identity never had it to
     * change. A deleted user has none, nor one whose address was claimed here ({@code claimed}: imported unconfirmed,
     * its mailbox proved since): whoever set that password never proved the address, as a takeover's claim removes
     * a password identity holds.
     */
    public static String legacyHash(String stored, String imported, boolean deleted, boolean claimed) {
        if (deleted || claimed && stored == null) {
            return "";
        }
        PasswordKind kind = PasswordKind.of(imported);
        if (stored == null && (kind == PasswordKind.ENCRYPTED || kind == PasswordKind.UNSUPPORTED)) {
            return imported;
        }
        return legacyHash(stored);
    }

    /** Whether the hash is one identity verifies (and keeps as the user's password). */
    public boolean verifiable() {
        return passwordKind == PasswordKind.BCRYPT || passwordKind == PasswordKind.ARGON2;
    }

    /**
     * How the user signed up, as {@code UserRegistered} says it: without a password and not anonymous means Google,
     * the app's only sign-in provider (decided from the row alone: its identity may arrive before or after it).
     */
    public String method() {
        if (anonymous) {
            return "anonymous";
        }
        if (ssoUser) {
            return "sso";
        }
        return passwordKind == PasswordKind.NONE ? "google" : "password";
    }
}
