package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.OAuthTestClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * One request's correlation id, given at the gateway, is on the event that request raises, in every service that
 * raises events over HTTP, all the way into the audit log.
 */
@ExtendWith(SharedPlatform.class)
class CorrelationEndToEndIT {

    @Test
    void eachRequestsCorrelationIdFollowsItsEventIntoTheAuditLog() throws Exception {
        String gateway = SharedPlatform.get().gateway;
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> ids = Map.of(
                "UserRegistered", "trace-identity-" + run,
                "ProfileUpdated", "trace-profile-" + run,
                "KycSubmitted", "trace-membership-" + run,
                "AgreementAccepted", "trace-billing-" + run);
        String email = "traced-" + run + "@example.com";

        HttpResponse<String> signUp = call(gateway, "POST", "/api/identity/users", null, ids.get("UserRegistered"),
                "{\"email\":\"" + email + "\",\"password\":\"a long enough password\"}");
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(202);
        assertThat(signUp.headers().firstValue("X-Correlation-Id")).hasValue(ids.get("UserRegistered"));
        String token = new OAuthTestClient(gateway, "web", "http://127.0.0.1:8080/callback")
                .signIn(email, "a long enough password").get("access_token").asString();
        PlatformEndToEndIT.awaitJson(() -> PlatformEndToEndIT.get("/api/profile/me", token), Duration.ofSeconds(60));

        assertThat(call(gateway, "PATCH", "/api/profile/me/profile", token, ids.get("ProfileUpdated"),
                "{\"displayName\":\"Traced\"}").statusCode()).isEqualTo(200);
        assertThat(call(gateway, "POST", "/api/membership/me/kyc", token, ids.get("KycSubmitted"),
                "{\"documents\":[{\"type\":\"passport\",\"country\":\"DE\",\"reference\":\"docs://k3f9-a81c-trace\"}]}")
                .statusCode()).isEqualTo(200);
        JsonNode terms = PlatformEndToEndIT.JSON.readTree(PlatformEndToEndIT.get("/api/billing/terms", token).body());
        assertThat(call(gateway, "POST", "/api/billing/me/agreements", token, ids.get("AgreementAccepted"),
                "{\"version\":\"" + terms.get("version").asString() + "\",\"hash\":\"" + terms.get("hash").asString() + "\"}")
                .statusCode()).isEqualTo(201);

        ids.forEach((type, id) -> PlatformEndToEndIT.awaitTrue(() -> PlatformEndToEndIT.count("""
                SELECT count(*) FROM (SELECT event_type, correlation_id FROM audit.system_audit_logs
                                      UNION ALL SELECT event_type, correlation_id FROM audit.user_audit_logs) logged
                WHERE event_type = '%s' AND correlation_id = '%s'""".formatted(type, id)) >= 1, Duration.ofSeconds(60)));
    }

    private static HttpResponse<String> call(String gateway, String method, String path, String token, String correlationId,
                                             String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Content-Type", "application/json").header("X-Correlation-Id", correlationId)
                .method(method, HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return PlatformEndToEndIT.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
