package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.crypto.KeyCipher;
import app.platform.events.schema.EventSchemaValidator;
import app.platform.identity.mfa.domain.Totp;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** The HTTP client of the identity tests: every status comes back as a response, none as an exception. */
final class IdentityApi {

    private IdentityApi() {
    }

    /**
     * Signs up (the password is long enough for the policy); returns the id of the user the address belongs to, read
     * from the database: the answer, the same for a new address and a taken one, carries none.
     */
    static String signUp(int port, JdbcClient jdbc, String email, String password) {
        var answer = lenient(port).post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", email, "password", password)).retrieve().toBodilessEntity();
        assertThat(answer.getStatusCode().value()).as("sign-up of %s", email).isEqualTo(202);
        return userId(jdbc, email);
    }

    /**
     * What whoever registered an address ahead of its owner could add to the account: a confirmed TOTP and a passkey
     * ({@code credentialId}, under the user entity {@code entityId}).
     */
    static void squat(JdbcClient jdbc, KeyCipher cipher, String userId, String entityId,
                      String credentialId) {
        jdbc.sql("INSERT INTO two_factor (user_id, secret_encrypted, confirmed_at) VALUES (:id::uuid, :secret, now())")
                .param("id", userId).param("secret", cipher.encrypt(Totp.newSecret())).update();
        jdbc.sql("INSERT INTO user_entities (id, name, display_name) VALUES (:entity, :id, 'squatter')")
                .param("entity", entityId).param("id", userId).update();
        jdbc.sql("""
                INSERT INTO user_credentials (credential_id, user_entity_user_id, public_key, backup_eligible, backup_state,
                                              created, label)
                VALUES (:credential, :entity, '\\x00', false, false, now(), 'their key')""")
                .param("credential", credentialId).param("entity", entityId).update();
    }

    /** The id of the (not deleted) user with this address. */
    static String userId(JdbcClient jdbc, String email) {
        return jdbc.sql("SELECT id::text FROM users WHERE lower(email) = lower(trim(:email)) AND deleted_at IS NULL AND NOT is_sso_user")
                .param("email", email).query(String.class).single();
    }

    /** The payloads of the user's (or organization's) outbox events of a type, each checked against its schema. */
    static List<String> events(JdbcClient jdbc, String aggregateId, String type) {
        List<String> payloads = jdbc.sql("SELECT payload::text FROM outbox WHERE aggregateid = :id AND type = :type ORDER BY occurred_at")
                .param("id", aggregateId).param("type", type).query(String.class).list();
        payloads.forEach(EventSchemaValidator::assertValid);
        return payloads;
    }

    /** The claims of a JWT (not verified: the tests check what the server put in). */
    static Map<String, Object> claims(JsonNode tokens) {
        try {
            return SignedJWT.parse(tokens.get("access_token").asString()).getJWTClaimsSet().getClaims();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String bearer(JsonNode tokens) {
        return "Bearer " + tokens.get("access_token").asString();
    }

    static RestClient lenient(int port) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(s -> true, (req, res) -> { }).build();
    }
}
