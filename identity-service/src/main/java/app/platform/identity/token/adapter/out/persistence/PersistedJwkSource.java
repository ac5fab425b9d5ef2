package app.platform.identity.token.adapter.out.persistence;

import app.platform.crypto.KeyCipher;
import app.platform.runtime.Times;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signing keys from the {@code signing_key} table: every replica and every restart signs and verifies with the same
 * keys. The first instance to start with an empty table creates one (under an advisory lock, so two replicas never
 * both do). A rotated-in key is published at once and signs only from its {@code signs_from}, when every replica
 * (reloading each minute) and every resource server's JWKS cache can have seen it: so no token is ever signed by a
 * key a verifier does not know yet. Retired keys stay published until their tokens have expired.
 */
public class PersistedJwkSource implements JWKSource<SecurityContext> {

    private static final Duration RELOAD = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KeyCipher cipher;
    private final Clock clock;
    private final Duration activationDelay;
    private volatile List<Stored> stored;
    private volatile JWKSet keys;
    private volatile Instant loadedAt = Instant.EPOCH;

    /** A published key and the instant it signs from; newest first. */
    private record Stored(JWK key, Instant signsFrom) {
    }

    /** A rotation: the new key's id, and when it starts signing. */
    public record Rotation(String kid, Instant signsFrom) {
    }

    public PersistedJwkSource(JdbcClient jdbc, TransactionTemplate tx, KeyCipher cipher, Clock clock,
                              Duration activationDelay) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.cipher = cipher;
        this.clock = clock;
        this.activationDelay = activationDelay;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(current());
    }

    /** The key that signs new tokens: the newest one whose time to sign has come. */
    public JWK signingKey() {
        current();
        Instant now = clock.instant();
        List<Stored> all = stored;
        return all.stream().filter(k -> !k.signsFrom().isAfter(now)).findFirst().orElse(all.getLast()).key();
    }

    JWKSet current() {
        if (keys == null || clock.instant().isAfter(loadedAt.plus(RELOAD))) {
            reload();
        }
        return keys;
    }

    public synchronized void reload() {
        tx.executeWithoutResult(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('identity.signing_key'))").query().singleRow();
            if (activeKeys() == 0) {
                insert(generate(), clock.instant());
            }
        });
        List<Stored> loaded = jdbc.sql("""
                        SELECT kid, public_key, private_key_encrypted, signs_from FROM signing_key
                        WHERE retired_at IS NULL OR retired_at > now() - interval '1 day'
                        ORDER BY signs_from DESC""")
                .query((rs, n) -> new Stored(rsa(rs.getString(1), rs.getBytes(2), cipher.decrypt(rs.getBytes(3))),
                        rs.getTimestamp(4).toInstant()))
                .list();
        stored = loaded;
        keys = new JWKSet(loaded.stream().map(Stored::key).toList());
        loadedAt = clock.instant();
    }

    /**
     * Rotation: a new key is published now and signs from {@code activation-delay} later, when the keys it replaces
     * retire; they stay published for a day more, longer than any access token lives, so tokens already out keep
     * verifying.
     */
    public synchronized Rotation rotate() {
        Instant signsFrom = clock.instant().plus(activationDelay);
        String kid = tx.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('identity.signing_key'))").query().singleRow();
            jdbc.sql("UPDATE signing_key SET retired_at = :at WHERE retired_at IS NULL")
                    .param("at", Times.utc(signsFrom)).update();
            return insert(generate(), signsFrom);
        });
        reload();
        return new Rotation(kid, signsFrom);
    }

    private long activeKeys() {
        return jdbc.sql("SELECT count(*) FROM signing_key WHERE retired_at IS NULL").query(Long.class).single();
    }

    private String insert(KeyPair pair, Instant signsFrom) {
        String kid = UUID.randomUUID().toString();
        jdbc.sql("""
                        INSERT INTO signing_key (kid, algorithm, public_key, private_key_encrypted, signs_from)
                        VALUES (:kid, 'RS256', :pub, :priv, :from)""")
                .param("kid", kid).param("from", Times.utc(signsFrom))
                .param("pub", pair.getPublic().getEncoded())
                .param("priv", cipher.encrypt(pair.getPrivate().getEncoded()))
                .update();
        return kid;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsa(String kid, byte[] publicKey, byte[] privateKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new RSAKey.Builder((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(publicKey)))
                    .privateKey((RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey)))
                    .keyID(kid)
                    .build();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("a stored signing key cannot be read", e);
        }
    }
}
