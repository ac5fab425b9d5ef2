package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.crypto.KeyCipher;
import app.platform.events.schema.EventSchemaValidator;
import app.platform.identity.token.adapter.out.persistence.PersistedJwkSource;
import app.platform.outbox.OutboxPruner;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignUpAndSignInIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JwtDecoder apiTokens;
    @Value("${identity.keys.encryption-key}")
    String kek;
    @Value("${spring.datasource.url}")
    String databaseUrl;
    @Value("${spring.datasource.username}")
    String databaseUser;
    @Value("${spring.datasource.password}")
    String databasePassword;

    RestClient http() {
        return IdentityApi.lenient(port);
    }

    @Test
    void signUpWritesTheUserAndExactlyOneContractKeepingEventWithoutTheCredential() {
        var response = http().post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON)
                .header("X-Correlation-Id", "corr-signup-0001")
                .body(Map.of("email", " Ada@Example.com ", "password", "correct horse battery"))
                .retrieve().toEntity(Map.class);

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        assertThat(response.getBody()).containsEntry("email", "ada@example.com").containsKey("next").doesNotContainKey("id");
        String id = IdentityApi.userId(jdbc, "ada@example.com");
        var event = jdbc.sql("SELECT type, aggregatetype, aggregateid, payload::text, correlation_id FROM outbox WHERE aggregateid = :id")
                .param("id", id).query().singleRow();
        assertThat(event).containsEntry("type", "UserRegistered").containsEntry("aggregatetype", "identity.user")
                .containsEntry("correlation_id", "corr-signup-0001");
        String payload = (String) event.get("payload");
        EventSchemaValidator.assertValid(payload);
        assertThat(payload).doesNotContain("correct horse").doesNotContain("$2a$").doesNotContain("bcrypt");
        assertThat(jdbc.sql("SELECT password_hash FROM account WHERE user_id = :id::uuid").param("id", id)
                .query(String.class).single()).startsWith("{bcrypt}$2a$");
    }

    @Test
    void badInputIsAProblemWithFieldErrors() {
        var weak = http().post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", "weak@example.com", "password", "short")).retrieve().toEntity(Map.class);
        assertThat(weak.getStatusCode().value()).isEqualTo(400);
        assertThat(weak.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(weak.getBody().get("errors").toString()).contains("password");
        var eleven = http().post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", "eleven@example.com", "password", "eleven char")).retrieve().toEntity(Map.class);
        assertThat(eleven.getStatusCode().value()).isEqualTo(400);
        assertThat(eleven.getBody().get("errors").toString()).contains("at least 12 characters");

        var missing = http().post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("password", "long enough pass")).retrieve().toEntity(Map.class);
        assertThat(missing.getStatusCode().value()).isEqualTo(400);
        assertThat(missing.getBody().get("errors").toString()).contains("email");

        var notJson = http().post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON)
                .body("{oops").retrieve().toEntity(Map.class);
        assertThat(notJson.getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void aSignedUpUserSignsInWithCodeAndPkceAndGetsSupabaseCompatibleClaimsSignedByAPersistedKey() throws Exception {
        String id = IdentityApi.signUp(port, jdbc, "grace@example.com", "long enough pass");
        var client = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback");

        var tokens = client.signIn("grace@example.com", "long enough pass");
        SignedJWT jwt = SignedJWT.parse(tokens.get("access_token").asString());
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(id);
        assertThat(claims.getStringClaim("email")).isEqualTo("grace@example.com");
        assertThat(claims.getStringClaim("role")).isEqualTo("authenticated");
        assertThat(claims.getAudience()).contains("authenticated");
        assertThat(claims.getStringClaim("aal")).isEqualTo("aal1");
        assertThat(claims.getStringClaim("session_id")).isNotBlank();

        JWKSet published = JWKSet.parse(http().get().uri("/oauth2/jwks").retrieve().body(String.class));
        assertThat(published.getKeyByKeyId(jwt.getHeader().getKeyID())).isNotNull();
        // the access token and the web client's ID token signed by an ECDSA key (the client registered ES256)
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.verify(new ECDSAVerifier(published.getKeyByKeyId(jwt.getHeader().getKeyID()).toECKey())))
                .isTrue();
        SignedJWT idToken = SignedJWT.parse(tokens.get("id_token").asString());
        assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        // a client that registered no algorithm (the docs' Swagger UI) gets RS256 ID tokens, OpenID Connect's default
        SignedJWT docsIdToken = SignedJWT.parse(new OAuthTestClient("http://localhost:" + port, "docs",
                "http://localhost:8080/swagger-ui/oauth2-redirect.html").signIn("grace@example.com", "long enough pass")
                .get("id_token").asString());
        assertThat(docsIdToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(docsIdToken.verify(new RSASSAVerifier(published.getKeyByKeyId(docsIdToken.getHeader().getKeyID())
                .toRSAKey()))).isTrue();
        // another replica (or this one restarted) reads the same keys from the database
        var replica = new PersistedJwkSource(jdbc, tx, new KeyCipher(kek), Clock.systemUTC(), java.time.Duration.ofMinutes(10));
        assertThat(replica.signingKey(JWSAlgorithm.ES256).getKeyID()).isEqualTo(jwt.getHeader().getKeyID());
        assertThat(replica.signingKey(JWSAlgorithm.RS256).getKeyID()).isEqualTo(docsIdToken.getHeader().getKeyID());
        // identity's own API verifies an access token once and then remembers it, as every service's decoder does
        String access = tokens.get("access_token").asString();
        assertThat(apiTokens.decode(access)).isSameAs(apiTokens.decode(access));

        assertThatThrownBy(() -> client.signIn("grace@example.com", "wrong password"))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
    }

    /**
     * A deployment of the version before ECDSA keys has RSA keys only, which replicas of that version read: this
     * version adds no ECDSA key at its start (every token stays RS256), the operator's rotation after the rollout
     * adds one of each family, published at once and signing from the activation delay on. On a table of its own (a
     * schema of this test), read by a replica started at each moment.
     */
    @Test
    void anRsaOnlyKeyTableGetsItsEcdsaKeyAtTheNextRotationPublishedBeforeItSigns() {
        jdbc.sql("DROP SCHEMA IF EXISTS keys_upgrade CASCADE").update();
        jdbc.sql("CREATE SCHEMA keys_upgrade").update();
        jdbc.sql("CREATE TABLE keys_upgrade.signing_key (LIKE signing_key INCLUDING ALL)").update();
        SingleConnectionDataSource upgrade =
                new SingleConnectionDataSource(databaseUrl, databaseUser, databasePassword, true);
        try {
            JdbcClient table = JdbcClient.create(upgrade);
            table.sql("SET search_path TO keys_upgrade").update();
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(upgrade));
            Duration delay = Duration.ofMinutes(10);
            // the moments are now's: the table's retired keys are kept a day by the database's clock
            Instant upgraded = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            java.util.function.Function<Instant, PersistedJwkSource> replicaAt = at -> new PersistedJwkSource(table,
                    transactions, new KeyCipher(kek), Clock.fixed(at, ZoneOffset.UTC), delay);

            // the version before: its one key, RSA
            replicaAt.apply(upgraded.minus(Duration.ofDays(30))).reload();
            table.sql("DELETE FROM signing_key WHERE algorithm = 'ES256'").update();
            String rsa = table.sql("SELECT kid FROM signing_key").query(String.class).single();

            PersistedJwkSource keys = replicaAt.apply(upgraded);
            keys.reload();
            assertThat(table.sql("SELECT algorithm FROM signing_key").query(String.class).list())
                    .as("no ECDSA key at the start").containsExactly("RS256");
            assertThat(keys.signsNow(JWSAlgorithm.ES256)).isFalse();
            assertThat(keys.signingKey(JWSAlgorithm.RS256).getKeyID()).isEqualTo(rsa);

            PersistedJwkSource.Rotation rotation = keys.rotate();
            assertThat(rotation.signsFrom()).isEqualTo(upgraded.plus(delay));
            assertThat(keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null)).as("all published")
                    .extracting(key -> key.getKeyID()).containsExactlyInAnyOrder(rsa, rotation.kid(), rotation.idTokenKid());
            assertThat(keys.signsNow(JWSAlgorithm.ES256)).as("the ECDSA key before its activation").isFalse();
            assertThat(keys.signingKey(JWSAlgorithm.RS256).getKeyID()).isEqualTo(rsa);

            keys = replicaAt.apply(rotation.signsFrom());
            assertThat(keys.signingKey(JWSAlgorithm.ES256).getKeyID()).isEqualTo(rotation.kid());
            assertThat(keys.signingKey(JWSAlgorithm.RS256).getKeyID()).isEqualTo(rotation.idTokenKid())
                    .isNotEqualTo(rsa);
        } finally {
            upgrade.destroy();
            jdbc.sql("DROP SCHEMA keys_upgrade CASCADE").update();
        }
    }

    @Test
    void supabaseBcryptHashesVerifyAsTheyAreAndAreRehashedOnSignIn() {
        // as GoTrue writes it: bcrypt, no {id} prefix; here at cost 6 as pgcrypto seeds write it, with the $2y$ prefix
        String supabaseHash = new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(
                org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder.BCryptVersion.$2Y, 6).encode("password123");
        jdbc.sql("INSERT INTO users (id, email) VALUES ('00000000-0000-0000-0000-0000000000a1', 'legacy@example.com')").update();
        jdbc.sql("""
                INSERT INTO account (id, user_id, provider, provider_subject, password_hash)
                VALUES (gen_random_uuid(), '00000000-0000-0000-0000-0000000000a1', 'password', 'legacy', :h)""")
                .param("h", supabaseHash).update();
        var client = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback");
        assertThat(client.signIn("legacy@example.com", "password123").get("access_token").asString()).isNotBlank();
        String rehashed = jdbc.sql("SELECT password_hash FROM account WHERE provider_subject = 'legacy'")
                .query(String.class).single();
        assertThat(rehashed).startsWith("{bcrypt}$2a$10$").isNotEqualTo(supabaseHash);
        assertThat(client.signIn("legacy@example.com", "password123").get("access_token").asString()).isNotBlank();
    }

    /** A constraint's refusal says which constraint, never the row's values (they would reach the logs). */
    @Test
    void aConstraintsRefusalNamesNoValueInItsMessage() {
        String email = "twice-" + java.util.UUID.randomUUID() + "@example.com";
        String insert = "INSERT INTO users (id, email, created_at, updated_at) VALUES (gen_random_uuid(), :email, now(), now())";
        jdbc.sql(insert).param("email", email).update();

        assertThatThrownBy(() -> jdbc.sql(insert).param("email", email).update())
                .isInstanceOf(org.springframework.dao.DuplicateKeyException.class)
                .satisfies(refused -> assertThat(org.springframework.core.NestedExceptionUtils.getMostSpecificCause(refused)
                        .getMessage()).contains("users_email_key").doesNotContain(email));
    }

    /** Outbox rows older than the retention are pruned only once cdc-relay's slot has passed them. */
    @Test
    void outboxRowsOlderThanTheRetentionArePrunedOnlyOnceRelayed(@Autowired OutboxPruner pruner) {
        jdbc.sql("""
                INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, occurred_at)
                VALUES (gen_random_uuid(), 'identity.user', 'ancient', 'UserRegistered', '{}', now() - interval '8 days')""").update();
        String ancient = "SELECT count(*) FROM outbox WHERE aggregateid = 'ancient'";
        try {
            // the relay never started (no slot): nothing goes, however old
            assertThat(pruner.prune()).isZero();
            // its slot and publication made, the slot not yet past the mark taken since: nothing goes
            jdbc.sql("CREATE PUBLICATION outbox_relay FOR TABLE outbox").update();
            jdbc.sql("SELECT pg_create_logical_replication_slot('outbox_relay', 'pgoutput')").query().listOfRows();
            assertThat(pruner.prune()).isZero();
            assertThat(jdbc.sql(ancient).query(Long.class).single()).isOne();
            // the relay confirms what it read: the old row goes, the recent ones stay
            // (the slot advances as far as the WAL is flushed: the relay's confirmations come over time)
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                jdbc.sql("SELECT pg_replication_slot_advance('outbox_relay', pg_current_wal_lsn())").query().listOfRows();
                return pruner.prune() >= 1;
            });
            assertThat(jdbc.sql(ancient).query(Long.class).single()).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single()).isPositive();
        } finally {
            jdbc.sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'outbox_relay'")
                    .query().listOfRows();
            jdbc.sql("DROP PUBLICATION IF EXISTS outbox_relay").update();
        }
    }

    @Test
    void aCommonPasswordIsRefusedPolitely() {
        var common = http().post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", "common@example.com", "password", "Password1234")).retrieve().toEntity(Map.class);
        assertThat(common.getStatusCode().value()).isEqualTo(400);
        assertThat(common.getBody().get("errors").toString()).contains("password").contains("too common");
    }
}
