package app.platform.identity.signin.application;

import app.platform.crypto.KeyCipher;
import app.platform.identity.signin.domain.ProofOfWork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The default {@link HumanCheck}: a proof of work whose difficulty rises with the level, from
 * {@code challenge.bits} to {@code challenge.max-bits}. A challenge is {@code id.expiry.bits.mac}, its MAC keyed
 * with the service's key and bound to the account, so no replica stores it and none can be forged, eased or
 * carried to another account; its id is claimed in the throttle store when answered, so an answer passes once.
 */
@Component
@ConditionalOnExpression("'${identity.throttle.challenge.captcha.verify-url:}' == ''")
class ProofOfWorkCheck implements HumanCheck {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final ThrottleSettings.Challenge settings;
    private final KeyCipher keys;
    private final ThrottleStore store;

    ProofOfWorkCheck(ThrottleSettings settings, KeyCipher keys, ThrottleStore store) {
        this.settings = settings.challenge();
        this.keys = keys;
        this.store = store;
    }

    @Override
    public Challenge challenge(String key, int level, Instant now) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String unsigned = B64.encodeToString(id) + "." + now.plus(settings.ttl()).getEpochSecond() + "." + bits(level);
        return new ProofOfWorkChallenge(unsigned + "." + mac(key, unsigned), bits(level));
    }

    @Override
    public boolean passed(String key, int level, String answer, String clientAddress, Instant now) {
        int colon = answer == null ? -1 : answer.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String token = answer.substring(0, colon);
        String[] parts = token.split("\\.");
        if (parts.length != 4) {
            return false;
        }
        String unsigned = parts[0] + "." + parts[1] + "." + parts[2];
        try {
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
            int bits = Integer.parseInt(parts[2]);
            return MessageDigest.isEqual(mac(key, unsigned).getBytes(StandardCharsets.US_ASCII),
                    parts[3].getBytes(StandardCharsets.US_ASCII))
                    && expires.isAfter(now) && bits >= bits(level)
                    && ProofOfWork.solves(token, answer.substring(colon + 1), bits)
                    && store.claim("challenge|" + parts[0], expires);
        } catch (NumberFormatException malformed) {
            return false;
        }
    }

    private int bits(int level) {
        return Math.min(settings.bits() + level - 1, settings.maxBits());
    }

    private String mac(String key, String unsigned) {
        return B64.encodeToString(keys.fingerprint("proof-of-work|" + key + "|" + unsigned));
    }
}
