package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** Listing my sessions, ending one, ending all others: an ended session's refresh token stops at once. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionsIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    RestClient http() {
        return IdentityApi.lenient(port);
    }

    JsonNode signIn(String email) {
        return new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback")
                .signIn(email, "long enough pass");
    }

    void signUp(String email) {
        IdentityApi.signUp(port, jdbc, email, "long enough pass");
    }

    @Test
    void iSeeMySessionsAndEndThemAndTheirRefreshTokensDieAtOnce() {
        signUp("sam@example.com");
        signUp("eve@example.com");
        JsonNode laptop = signIn("sam@example.com");
        JsonNode phone = signIn("sam@example.com");
        JsonNode eve = signIn("eve@example.com");
        var bff = new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", null);

        List<Map> mine = http().get().uri("/api/identity/sessions").header("Authorization", bearer(laptop))
                .retrieve().body(new org.springframework.core.ParameterizedTypeReference<List<Map>>() { });
        assertThat(mine).hasSize(2);
        assertThat(mine).filteredOn(s -> Boolean.TRUE.equals(s.get("current"))).singleElement()
                .satisfies(s -> assertThat(s.get("userAgent").toString()).isNotBlank())
                .satisfies(s -> assertThat(s.get("ip")).isNotNull());

        // someone else's session id is not found, and stays alive
        String eveSession = http().get().uri("/api/identity/sessions").header("Authorization", bearer(eve))
                .retrieve().body(List.class).getFirst() instanceof Map<?, ?> m ? (String) m.get("id") : null;
        var foreign = http().delete().uri("/api/identity/sessions/{id}", eveSession).header("Authorization", bearer(laptop))
                .retrieve().toEntity(Map.class);
        assertThat(foreign.getStatusCode().value()).isEqualTo(404);
        assertThat(foreign.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(bff.refresh(eve.get("refresh_token").asString()).get("access_token")).isNotNull();

        // sign out everywhere else: the phone's refresh token is dead, the laptop's lives
        var others = http().delete().uri("/api/identity/sessions").header("Authorization", bearer(laptop))
                .retrieve().body(Map.class);
        assertThat(others).containsEntry("revoked", 1);
        assertThatThrownBy(() -> bff.refresh(phone.get("refresh_token").asString()))
                .isInstanceOf(OAuthTestClient.TokenRefused.class);
        JsonNode renewed = bff.refresh(laptop.get("refresh_token").asString());

        String current = (String) mine.stream().filter(s -> Boolean.TRUE.equals(s.get("current"))).findFirst().orElseThrow().get("id");
        assertThat(http().delete().uri("/api/identity/sessions/{id}", current).header("Authorization", bearer(laptop))
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        assertThatThrownBy(() -> bff.refresh(renewed.get("refresh_token").asString()))
                .isInstanceOf(OAuthTestClient.TokenRefused.class);
    }

    /** "Sign out everywhere else" ends the other browsers' sessions at the hosted pages, and keeps this one's. */
    @Test
    void signingOutEverywhereElseKeepsThisBrowserSignedIn() {
        signUp("two-browsers@example.com");
        var client = new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
        var laptop = client.session();
        laptop.startAuthorization();
        JsonNode laptopTokens = laptop.finish(laptop.submitPassword("two-browsers@example.com", "long enough pass"));
        var phone = client.session();
        phone.startAuthorization();
        phone.finish(phone.submitPassword("two-browsers@example.com", "long enough pass"));

        http().delete().uri("/api/identity/sessions").header("Authorization", bearer(laptopTokens)).retrieve().toBodilessEntity();

        assertThat(laptop.location(laptop.get(laptop.authorizeUrl()))).as("still signed in: straight back with a code")
                .startsWith("http://127.0.0.1:8080/callback?code=");
        assertThat(phone.location(phone.get(phone.authorizeUrl()))).endsWith("/login");
    }

    /** Ending one session from another device signs its browser out of the hosted pages too: no silent new code. */
    @Test
    void endingOneSessionSignsItsBrowserOut() {
        signUp("stolen-laptop@example.com");
        var client = new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
        var laptop = client.session();
        laptop.startAuthorization();
        JsonNode laptopTokens = laptop.finish(laptop.submitPassword("stolen-laptop@example.com", "long enough pass"));
        var phone = client.session();
        phone.startAuthorization();
        JsonNode phoneTokens = phone.finish(phone.submitPassword("stolen-laptop@example.com", "long enough pass"));
        assertThat(end(phoneTokens, session(phoneTokens, false))).isEqualTo(204);

        assertThatThrownBy(() -> client.refresh(laptopTokens.get("refresh_token").asString()))
                .isInstanceOf(OAuthTestClient.TokenRefused.class);
        assertThat(laptop.location(laptop.get(laptop.authorizeUrl()))).as("asked to sign in again").endsWith("/login");
        assertThat(phone.location(phone.get(phone.authorizeUrl()))).as("the phone stays signed in")
                .startsWith("http://127.0.0.1:8080/callback?code=");

        // an older session of the phone's own browser, ended from the phone: the phone's browser stays signed in
        JsonNode again = phone.finish(phone.location(phone.get(phone.authorizeUrl())));
        assertThat(end(again, session(again, false))).isEqualTo(204);
        assertThat(phone.location(phone.get(phone.authorizeUrl()))).startsWith("http://127.0.0.1:8080/callback?code=");

        // ending the session one is using signs this browser out
        assertThat(end(again, session(again, true))).isEqualTo(204);
        assertThat(phone.location(phone.get(phone.authorizeUrl()))).endsWith("/login");
    }

    /** The id of the caller's current session, or of another of theirs. */
    private String session(JsonNode tokens, boolean current) {
        return http().get().uri("/api/identity/sessions").header("Authorization", bearer(tokens))
                .retrieve().body(new org.springframework.core.ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .stream().filter(s -> Boolean.TRUE.equals(s.get("current")) == current).map(s -> (String) s.get("id"))
                .findFirst().orElseThrow();
    }

    /** Ends one of the caller's sessions; the status. */
    private int end(JsonNode tokens, String session) {
        return http().delete().uri("/api/identity/sessions/{id}", session).header("Authorization", bearer(tokens))
                .retrieve().toBodilessEntity().getStatusCode().value();
    }

    private static String bearer(JsonNode tokens) {
        return "Bearer " + tokens.get("access_token").asString();
    }

    @Test
    void signingOutEndsTheBrowserSessionAndTheTokenSession() {
        signUp("otto@example.com");
        var browser = new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback")
                .session();
        browser.startAuthorization();
        JsonNode tokens = browser.finish(browser.submitPassword("otto@example.com", "long enough pass"));
        String userId = (String) IdentityApi.claims(tokens).get("sub");

        var out = browser.get("/connect/logout?id_token_hint=" + tokens.get("id_token").asString()
                + "&post_logout_redirect_uri=http://127.0.0.1:8080/signed-out&state=bye");
        assertThat(browser.location(out)).isEqualTo("http://127.0.0.1:8080/signed-out?state=bye");

        var bff = new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", null);
        assertThatThrownBy(() -> bff.refresh(tokens.get("refresh_token").asString()))
                .isInstanceOf(OAuthTestClient.TokenRefused.class);
        assertThat(IdentityApi.events(jdbc, userId, "SessionRevoked")).singleElement()
                .satisfies(p -> assertThat(p).contains("signed_out"));
        // the browser is signed out too: authorizing again asks for the password
        assertThat(browser.location(browser.get(browser.authorizeUrl()))).endsWith("/login");
    }

    /**
     * A ban or a deletion that does not come through our API (the legacy import writes {@code banned_until} and
     * {@code deleted_at} as Supabase had them) still ends everything at the next request: the browser session, the
     * refresh token, and the access token at identity's own API.
     */
    @Test
    void aBanFromAnywhereEndsTheBrowserSessionAndNoTokenIsIssuedAnyMore() {
        signUp("later-banned@example.com");
        var browser = new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback")
                .session();
        browser.startAuthorization();
        JsonNode tokens = browser.finish(browser.submitPassword("later-banned@example.com", "long enough pass"));
        String userId = (String) IdentityApi.claims(tokens).get("sub");
        assertThat(jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = :id").param("id", userId)
                .query(Integer.class).single()).isEqualTo(1);

        jdbc.sql("UPDATE users SET banned_until = now() + interval '1 day' WHERE id = :id::uuid").param("id", userId).update();

        var bff = new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", null);
        assertThatThrownBy(() -> bff.refresh(tokens.get("refresh_token").asString()))
                .isInstanceOf(OAuthTestClient.TokenRefused.class).hasMessageContaining("invalid_grant");
        assertThat(http().get().uri("/api/identity/sessions").header("Authorization", bearer(tokens)).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(401);
        assertThat(browser.location(browser.get(browser.authorizeUrl()))).endsWith("/login?ended"); // the page says why

        // lifted: the same user signs in again
        jdbc.sql("UPDATE users SET banned_until = NULL WHERE id = :id::uuid").param("id", userId).update();
        assertThat(IdentityApi.claims(signIn("later-banned@example.com"))).containsEntry("sub", userId);
    }

    @Test
    void deletingMyAccountNeedsThePasswordEndsEverythingAndFreesTheAddress() {
        signUp("gone@example.com");
        JsonNode tokens = signIn("gone@example.com");
        String userId = (String) IdentityApi.claims(tokens).get("sub");
        var wrong = http().post().uri("/api/identity/me/delete").header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("password", "not it")).retrieve().toEntity(Map.class);
        assertThat(wrong.getStatusCode().value()).isEqualTo(400);
        assertThat(http().post().uri("/api/identity/me/delete").header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("password", "long enough pass")).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(204);

        assertThatThrownBy(() -> signIn("gone@example.com")).isInstanceOf(OAuthTestClient.BadCredentials.class);
        var bff = new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", null);
        assertThatThrownBy(() -> bff.refresh(tokens.get("refresh_token").asString())).isInstanceOf(OAuthTestClient.TokenRefused.class);
        assertThat(IdentityApi.events(jdbc, userId, "UserDeleted")).hasSize(1);
        assertThat(IdentityApi.events(jdbc, userId, "SessionRevoked")).anyMatch(p -> p.contains("account_deleted"));
        // the address is free for a new account (a new user, a new id)
        assertThat(IdentityApi.signUp(port, jdbc, "gone@example.com", "long enough pass")).isNotEqualTo(userId);
    }

    @Autowired
    org.springframework.session.SessionRepository<? extends org.springframework.session.Session> browserSessionRepository;

    @SuppressWarnings("unchecked")
    org.springframework.session.SessionRepository<org.springframework.session.Session> browserSessions() {
        return (org.springframework.session.SessionRepository<org.springframework.session.Session>) browserSessionRepository;
    }

    @Test
    void twoRequestsOfOneBrowserAddingTheSameAttributeAtOnceBothSucceed() {
        var browserSessions = browserSessions();
        org.springframework.session.Session created = browserSessions.createSession();
        browserSessions.save(created);
        // each request loaded the session before the other saved it, and each adds the same attribute
        org.springframework.session.Session first = browserSessions.findById(created.getId());
        org.springframework.session.Session second = browserSessions.findById(created.getId());
        first.setAttribute("webauthn.authentication.options", "first");
        second.setAttribute("webauthn.authentication.options", "second");
        browserSessions.save(first);
        browserSessions.save(second); // a plain insert: duplicate key, a 500 to the browser
        assertThat(browserSessions.findById(created.getId()).<String>getAttribute("webauthn.authentication.options"))
                .as("the later write wins").isEqualTo("second");
        browserSessions.deleteById(created.getId());
    }
}
