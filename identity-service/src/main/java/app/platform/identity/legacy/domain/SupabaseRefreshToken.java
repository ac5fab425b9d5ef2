package app.platform.identity.legacy.domain;

import app.platform.crypto.Sha256;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GoTrue's second refresh-token form ({@code GOTRUE_SECURITY_REFRESH_TOKEN_ALGORITHM_VERSION=2}), which no table
 * holds: base64url of {@code 0x00 ‖ session id (16 bytes) ‖ uvarint counter ‖ HMAC-SHA256(session key, all
 * before)[:16] ‖ SHA-256(all before)[:4]}. A first-form token (12 characters, {@code auth.refresh_tokens.token}) is
 * none of these: {@link #parse} is empty for it.
 */
public record SupabaseRefreshToken(UUID sessionId, long counter, byte[] signed, byte[] signature) {

    /** The token when it is of the second form, its checksum right; empty otherwise. */
    public static Optional<SupabaseRefreshToken> parse(String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length < 38 || raw[0] != 0) {
            return Optional.empty();
        }
        byte[] body = Arrays.copyOf(raw, raw.length - 4);
        if (!Arrays.equals(Arrays.copyOf(Sha256.of(body), 4), Arrays.copyOfRange(raw, raw.length - 4, raw.length))) {
            return Optional.empty();
        }
        ByteBuffer session = ByteBuffer.wrap(raw, 1, 16);
        UUID id = new UUID(session.getLong(), session.getLong());
        long counter = 0;
        int shift = 0;
        int at = 17;
        while (true) {
            if (at >= body.length || shift > 63) {
                return Optional.empty();
            }
            byte b = body[at++];
            counter |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        if (body.length - at != 16) {
            return Optional.empty();
        }
        return Optional.of(new SupabaseRefreshToken(id, counter, Arrays.copyOf(body, at),
                Arrays.copyOfRange(body, at, body.length)));
    }

    /** Whether the session's key (GoTrue's base64url text of it) signed this token. */
    public boolean signedWith(String sessionKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getUrlDecoder().decode(sessionKey.replace("=", "")), "HmacSHA256"));
            return MessageDigest.isEqual(Arrays.copyOf(mac.doFinal(signed), 16), signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether it is the session's current token or the one before it, as GoTrue accepts it ({@code counter} is the
     * session's {@code refresh_token_counter}): a later one it never issued, an older one was used already.
     */
    public boolean current(long sessionCounter) {
        long behind = sessionCounter - counter;
        return behind == 0 || behind == 1;
    }

    /** A token of the second form, as GoTrue issues it (for tests and fixtures). */
    public static String issue(UUID sessionId, long counter, String sessionKey) {
        ByteBuffer payload = ByteBuffer.allocate(27);
        payload.put((byte) 0).putLong(sessionId.getMostSignificantBits()).putLong(sessionId.getLeastSignificantBits());
        long c = counter;
        while ((c & ~0x7fL) != 0) {
            payload.put((byte) ((c & 0x7f) | 0x80));
            c >>>= 7;
        }
        payload.put((byte) c);
        byte[] signed = Arrays.copyOf(payload.array(), payload.position());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getUrlDecoder().decode(sessionKey), "HmacSHA256"));
            byte[] body = ByteBuffer.allocate(signed.length + 16).put(signed).put(mac.doFinal(signed), 0, 16).array();
            byte[] raw = ByteBuffer.allocate(body.length + 4).put(body).put(Sha256.of(body), 0, 4).array();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
