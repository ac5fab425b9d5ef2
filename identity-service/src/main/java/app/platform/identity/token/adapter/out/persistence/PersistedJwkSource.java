package app.platform.identity.token.adapter.out.persistence;

import app.platform.crypto.KeyCipher;
import app.platform.runtime.Times;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
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
 * keys. There are two families, each rotated alike: ES256 keys sign access tokens and the ID tokens of the clients
 * that registered ES256 (an ECDSA signature costs a sixth of an RSA-2048 one), RS256 keys the ID tokens of any other
 * client (OpenID Connect's default). The first instance to start with an empty table creates one key of each (under
 * an advisory lock, so two replicas never both do). A table of the version before has RSA keys only, and stays so
 * until an operator's rotation adds the ECDSA family: a replica of that version cannot read an ECDSA key, nor a
 * gateway or service of that version verify an ES256 token, so the family must not appear while a rollout still runs
 * any of them; until then every token is RS256. A rotated-in key is published at once and signs only from its
 * {@code signs_from}, when every replica (reloading each minute) and every resource server's JWKS cache can have
 * seen it: so no token is ever signed by a key a verifier does not know yet. Retired keys stay published until their
 * tokens have expired.
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

    /** The families, each a key algorithm: access tokens' first. */
    private static final List<JWSAlgorithm> FAMILIES = List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);

    /**
     * A rotation: the new access-token key's id ({@code kid}), the new ID-token key's ({@code idTokenKid}), and when
     * they start signing.
     */
    public record Rotation(String kid, String idTokenKid, Instant signsFrom) {
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

    /**
     * The key of a family that signs new tokens: the newest one whose time to sign has come, or null while the
     * family's only keys are still being published (see {@link #signsNow}).
     */
    public JWK signingKey(JWSAlgorithm algorithm) {
        current();
        Instant now = clock.instant();
        return stored.stream().filter(k -> algorithm.equals(k.key().getAlgorithm()) && !k.signsFrom().isAfter(now))
                .findFirst().map(Stored::key).orElse(null);
    }

    /** Whether a key of the family signs now: an access token is ES256 once one does, RS256 before. */
    public boolean signsNow(JWSAlgorithm algorithm) {
        return signingKey(algorithm) != null;
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
                FAMILIES.forEach(family -> insert(family, clock.instant()));
            }
        });
        List<Stored> loaded = jdbc.sql("""
                        SELECT kid, algorithm, public_key, private_key_encrypted, signs_from FROM signing_key
                        WHERE retired_at IS NULL OR retired_at > now() - interval '1 day'
                        ORDER BY signs_from DESC""")
                .query((rs, n) -> new Stored(jwk(rs.getString(1), JWSAlgorithm.parse(rs.getString(2)),
                        rs.getBytes(3), cipher.decrypt(rs.getBytes(4))), rs.getTimestamp(5).toInstant()))
                .list();
        stored = loaded;
        keys = new JWKSet(loaded.stream().map(Stored::key).toList());
        loadedAt = clock.instant();
    }

    /**
     * Rotation: a new key of each family is published now and signs from {@code activation-delay} later, when the
     * keys it replaces retire; they stay published for a day more, longer than any access token lives, so tokens
     * already out keep verifying.
     */
    public synchronized Rotation rotate() {
        Instant signsFrom = clock.instant().plus(activationDelay);
        List<String> kids = tx.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('identity.signing_key'))").query().singleRow();
            jdbc.sql("UPDATE signing_key SET retired_at = :at WHERE retired_at IS NULL")
                    .param("at", Times.utc(signsFrom)).update();
            return FAMILIES.stream().map(family -> insert(family, signsFrom)).toList();
        });
        reload();
        return new Rotation(kids.get(0), kids.get(1), signsFrom);
    }

    private long activeKeys() {
        return jdbc.sql("SELECT count(*) FROM signing_key WHERE retired_at IS NULL").query(Long.class).single();
    }

    private String insert(JWSAlgorithm family, Instant signsFrom) {
        KeyPair pair = generate(family);
        String kid = UUID.randomUUID().toString();
        jdbc.sql("""
                        INSERT INTO signing_key (kid, algorithm, public_key, private_key_encrypted, signs_from)
                        VALUES (:kid, :algorithm, :pub, :priv, :from)""")
                .param("kid", kid).param("algorithm", family.getName()).param("from", Times.utc(signsFrom))
                .param("pub", pair.getPublic().getEncoded())
                .param("priv", cipher.encrypt(pair.getPrivate().getEncoded()))
                .update();
        return kid;
    }

    private static KeyPair generate(JWSAlgorithm family) {
        try {
            if (JWSAlgorithm.ES256.equals(family)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored key as a JWK naming its algorithm, so that a JWS header's algorithm selects its family. */
    private static JWK jwk(String kid, JWSAlgorithm algorithm, byte[] publicKey, byte[] privateKey) {
        try {
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                KeyFactory ec = KeyFactory.getInstance("EC");
                return new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.generatePublic(new X509EncodedKeySpec(publicKey)))
                        .privateKey((ECPrivateKey) ec.generatePrivate(new PKCS8EncodedKeySpec(privateKey)))
                        .keyID(kid).algorithm(algorithm).keyUse(KeyUse.SIGNATURE)
                        .build();
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new RSAKey.Builder((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(publicKey)))
                    .privateKey((RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey)))
                    .keyID(kid).algorithm(algorithm).keyUse(KeyUse.SIGNATURE)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored signing key cannot be read", e);
        }
    }
}
