package app.platform.identity;

import static app.platform.identity.IdentityApi.bearer;
import static app.platform.identity.IdentityApi.claims;
import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Organizations: roles, invitations by mail (accept with a verified address, decline, cancel, expiry, a limit per
 * sender), role changes, removal, leaving, token claims.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.mail.port=3025", Mailbox.LINK_BASE,
                "identity.organizations.invitations-per-hour=" + OrganizationsIT.INVITATIONS_PER_HOUR})
class OrganizationsIT {

    static final int INVITATIONS_PER_HOUR = 5;

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    /** A signed-up, signed-in user. */
    record User(String id, String email, JsonNode tokens) {
    }

    /** A user who confirmed the address with the link mailed at sign-up. */
    User user(String email) {
        User user = unverified(email);
        verify(email);
        return user;
    }

    /** A user who has not confirmed the address yet. */
    User unverified(String email) {
        String id = IdentityApi.signUp(port, jdbc, email, "long enough pass");
        return new User(id, email, new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret",
                "http://127.0.0.1:8080/callback").signIn(email, "long enough pass"));
    }

    void verify(String email) {
        String token = Mailbox.linkTo(smtp, email, "/verify-email");
        assertThat(IdentityApi.lenient(port).post().uri("/api/identity/email-verification/confirm")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("token", token)).retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(204);
    }

    /** Status and body of an API call as this user. */
    record Answer(int status, Map<String, Object> body) {
    }

    @SuppressWarnings("unchecked")
    Answer call(User as, HttpMethod method, String path, Object body) {
        var request = IdentityApi.lenient(port).method(method).uri(path).header("Authorization", bearer(as.tokens()));
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        var response = request.retrieve().toEntity(String.class);
        Object parsed = response.getBody() == null ? Map.of()
                : app.platform.events.EventJson.MAPPER.readValue(response.getBody(), Object.class);
        return new Answer(response.getStatusCode().value(), parsed instanceof Map<?, ?> m ? (Map<String, Object>) m
                : Map.of("items", parsed));
    }

    String invite(User as, String org, String email, String role) {
        Answer invited = call(as, HttpMethod.POST, "/api/identity/organizations/" + org + "/invitations",
                Map.of("email", email, "role", role));
        assertThat(invited.status()).as(invited.body().toString()).isEqualTo(201);
        return Mailbox.linkTo(smtp, email, "/invitations");
    }

    @Test
    void ownersInviteMembersJoinRolesChangeAndTheLastOwnerStays() {
        User olga = user("olga@example.com");
        User ivan = user("ivan@example.com");
        User mallory = user("mallory@example.com");

        Answer created = call(olga, HttpMethod.POST, "/api/identity/organizations", Map.of("name", "Acme"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).containsEntry("role", "owner");
        String org = (String) created.body().get("id");
        assertThat(call(olga, HttpMethod.POST, "/api/identity/organizations", Map.of("name", " ")).status()).isEqualTo(400);
        assertThat(IdentityApi.events(jdbc, org, "OrganizationCreated")).hasSize(1);

        // invitation by mail, accepted by the invitee only, once
        String token = invite(olga, org, "ivan@example.com", "member");
        assertThat(IdentityApi.events(jdbc, org, "MemberInvited")).singleElement()
                .satisfies(p -> assertThat(p).doesNotContain(token));
        assertThat(call(mallory, HttpMethod.POST, "/api/identity/invitations/accept", Map.of("token", token)).status())
                .isEqualTo(400);
        assertThat(call(ivan, HttpMethod.POST, "/api/identity/invitations/accept", Map.of("token", token)).body())
                .containsEntry("organizationId", org).containsEntry("role", "member");
        assertThat(call(ivan, HttpMethod.POST, "/api/identity/invitations/accept", Map.of("token", token)).status())
                .isEqualTo(400);
        assertThat(call(olga, HttpMethod.POST, "/api/identity/organizations/" + org + "/invitations",
                Map.of("email", "ivan@example.com", "role", "member")).status()).isEqualTo(409);

        // outsiders see nothing, members cannot invite
        assertThat(call(mallory, HttpMethod.GET, "/api/identity/organizations/" + org + "/members", null).status())
                .isEqualTo(404);
        assertThat((List<?>) call(ivan, HttpMethod.GET, "/api/identity/organizations/" + org + "/members", null)
                .body().get("items")).hasSize(2);
        assertThat(call(ivan, HttpMethod.POST, "/api/identity/organizations/" + org + "/invitations",
                Map.of("email", "friend@example.com", "role", "member")).status()).isEqualTo(403);

        // roles: an admin cannot make owners; the last owner cannot leave or step down
        String ivanPath = "/api/identity/organizations/" + org + "/members/" + ivan.id();
        assertThat(call(olga, HttpMethod.PATCH, ivanPath, Map.of("role", "admin")).status()).isEqualTo(204);
        assertThat(call(ivan, HttpMethod.PATCH, ivanPath, Map.of("role", "owner")).status()).isEqualTo(403);
        assertThat(call(ivan, HttpMethod.POST, "/api/identity/organizations/" + org + "/invitations",
                Map.of("email", "boss@example.com", "role", "owner")).status()).isEqualTo(403);
        assertThat(call(olga, HttpMethod.POST, "/api/identity/organizations/" + org + "/leave", null).status()).isEqualTo(409);
        assertThat(call(olga, HttpMethod.PATCH, "/api/identity/organizations/" + org + "/members/" + olga.id(),
                Map.of("role", "member")).status()).isEqualTo(409);
        assertThat(IdentityApi.events(jdbc, org, "MemberRoleChanged")).singleElement()
                .satisfies(p -> assertThat(p).contains("\"previousRole\": \"member\"").contains("\"role\": \"admin\""));

        // the active organization travels in the tokens
        assertThat(call(olga, HttpMethod.PUT, "/api/identity/organizations/active", Map.of("organizationId", org)).status())
                .isEqualTo(204);
        assertThat(call(mallory, HttpMethod.PUT, "/api/identity/organizations/active", Map.of("organizationId", org)).status())
                .isEqualTo(404);
        var bff = new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", null);
        assertThat(claims(bff.refresh(olga.tokens().get("refresh_token").asString())))
                .containsEntry("org_id", org).containsEntry("org_role", "owner");

        // with a second owner, the first may leave; the admin removes a member
        assertThat(call(olga, HttpMethod.PATCH, ivanPath, Map.of("role", "owner")).status()).isEqualTo(204);
        String danToken = invite(ivan, org, "dan@example.com", "member");
        User dan = user("dan@example.com");
        call(dan, HttpMethod.POST, "/api/identity/invitations/accept", Map.of("token", danToken));
        assertThat(call(ivan, HttpMethod.DELETE, "/api/identity/organizations/" + org + "/members/" + dan.id(), null).status())
                .isEqualTo(204);
        assertThat(call(olga, HttpMethod.POST, "/api/identity/organizations/" + org + "/leave", null).status()).isEqualTo(204);
        assertThat(call(ivan, HttpMethod.POST, "/api/identity/organizations/" + org + "/leave", null).status()).isEqualTo(409);
        assertThat(IdentityApi.events(jdbc, org, "MemberRemoved")).hasSize(2)
                .anyMatch(p -> p.contains("\"left\"")).anyMatch(p -> p.contains("\"removed\""));
        assertThat(IdentityApi.events(jdbc, org, "MemberJoined")).hasSize(3);
        assertThat(claims(new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret",
                "http://127.0.0.1:8080/callback").signIn("olga@example.com", "long enough pass"))).doesNotContainKey("org_id");
    }

    @Test
    void invitationsCanBeDeclinedCancelledAndExpire() {
        User owner = user("owner@example.com");
        String org = (String) call(owner, HttpMethod.POST, "/api/identity/organizations", Map.of("name", "Beta")).body().get("id");

        User dora = user("dora@example.com");
        String declined = invite(owner, org, "dora@example.com", "member");
        assertThat(call(dora, HttpMethod.POST, "/api/identity/invitations/decline", Map.of("token", declined)).status())
                .isEqualTo(204);
        assertThat(call(dora, HttpMethod.POST, "/api/identity/invitations/accept", Map.of("token", declined)).status())
                .isEqualTo(400);

        User carl = user("carl@example.com");
        String cancelled = invite(owner, org, "carl@example.com", "admin");
        Answer pending = call(owner, HttpMethod.GET, "/api/identity/organizations/" + org + "/invitations", null);
        @SuppressWarnings("unchecked")
        var invitation = (Map<String, Object>) ((List<?>) pending.body().get("items")).getFirst();
        assertThat(invitation).containsEntry("email", "carl@example.com").containsEntry("role", "admin");
        assertThat(call(owner, HttpMethod.DELETE, "/api/identity/organizations/" + org + "/invitations/"
                + invitation.get("id"), null).status()).isEqualTo(204);
        assertThat(call(carl, HttpMethod.POST, "/api/identity/invitations/accept", Map.of("token", cancelled)).status())
                .isEqualTo(400);

        User eve = user("eve@example.com");
        String expired = invite(owner, org, "eve@example.com", "member");
        jdbc.sql("UPDATE organization_invitation SET expires_at = now() - interval '1 second' WHERE email = 'eve@example.com'").update();
        assertThat(call(eve, HttpMethod.POST, "/api/identity/invitations/accept", Map.of("token", expired)).status())
                .isEqualTo(400);
        assertThat(call(owner, HttpMethod.POST, "/api/identity/organizations/" + org + "/invitations",
                Map.of("email", "eve@example.com", "role", "emperor")).status()).isEqualTo(400);
    }

    @Test
    void acceptingAnInvitationNeedsAVerifiedAddress() {
        User owner = user("gina@example.com");
        String org = (String) call(owner, HttpMethod.POST, "/api/identity/organizations", Map.of("name", "Gamma")).body().get("id");
        User nora = unverified("nora@example.com");
        String token = invite(owner, org, "nora@example.com", "member");

        Answer refused = call(nora, HttpMethod.POST, "/api/identity/invitations/accept", Map.of("token", token));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).containsEntry("status", 403).containsEntry("title", "Not allowed");
        assertThat((String) refused.body().get("detail")).startsWith("Verify your e-mail address first");
        assertThat(IdentityApi.events(jdbc, org, "MemberJoined")).hasSize(1); // the owner's

        // once verified, the same invitation (still pending) is accepted
        verify("nora@example.com");
        assertThat(call(nora, HttpMethod.POST, "/api/identity/invitations/accept", Map.of("token", token)).body())
                .containsEntry("organizationId", org).containsEntry("role", "member");
    }

    @Test
    void eachSenderMayInviteOnlySoManyAnHourAcrossOrganizations() {
        User owner = user("hana@example.com");
        String first = (String) call(owner, HttpMethod.POST, "/api/identity/organizations", Map.of("name", "Delta")).body().get("id");
        String second = (String) call(owner, HttpMethod.POST, "/api/identity/organizations", Map.of("name", "Eta")).body().get("id");
        for (int i = 0; i < INVITATIONS_PER_HOUR; i++) {
            invite(owner, i % 2 == 0 ? first : second, "guest" + i + "@example.com", "member");
        }

        var refused = IdentityApi.lenient(port).post().uri("/api/identity/organizations/" + second + "/invitations")
                .header("Authorization", bearer(owner.tokens())).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", "one-more@example.com", "role", "member")).retrieve().toEntity(String.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(429);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(app.platform.events.EventJson.MAPPER.readValue(refused.getBody(), Map.class))
                .containsEntry("status", 429).containsEntry("title", "Too many invitations");
        assertThat(Long.parseLong(refused.getHeaders().getFirst("Retry-After"))).isBetween(3500L, 3600L);
        assertThat(jdbc.sql("SELECT count(*) FROM organization_invitation WHERE email = 'one-more@example.com'")
                .query(Long.class).single()).isZero();

        // the limit is counted in the database: once the oldest invitation is an hour old, one more may go
        jdbc.sql("UPDATE organization_invitation SET created_at = created_at - interval '1 hour' WHERE email = 'guest0@example.com'")
                .update();
        invite(owner, second, "one-more@example.com", "member");
    }

    @Test
    void aServicesTokenBelongsToNoUserSoItIsA403Problem() {
        String service = new OAuthTestClient("http://localhost:" + port, "platform-services", "local-services-secret", null)
                .token(Map.of("grant_type", "client_credentials", "scope", "services")).get("access_token").asString();
        var refused = IdentityApi.lenient(port).post().uri("/api/identity/organizations")
                .header("Authorization", "Bearer " + service).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Theta")).retrieve().toEntity(String.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(app.platform.events.EventJson.MAPPER.readValue(refused.getBody(), Map.class))
                .containsEntry("title", "Not allowed").containsEntry("detail", "This token does not belong to a user.");
        assertThat(jdbc.sql("SELECT count(*) FROM organization WHERE name = 'Theta'").query(Long.class).single()).isZero();
    }
}
