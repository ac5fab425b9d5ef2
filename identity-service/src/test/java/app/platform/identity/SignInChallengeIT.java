package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Past its back-offs, an account under guessing is challenged instead of locked: a sign-in without an answer gets a
 * proof-of-work challenge, its owner answers it and gets in, and an answer passes once, for its account and at its
 * difficulty only.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"identity.throttle.account-free-failures=1", "identity.throttle.account-delays-before-challenge=0",
                "identity.throttle.challenge.bits=8", "identity.throttle.challenge.max-bits=10"})
class SignInChallengeIT {

    static final String PASSWORD = "long enough pass";
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    OAuthTestClient client() {
        return new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback");
    }

    /** Posts the password with {@code more} fields; the challenge it was refused with. */
    JsonNode challengeOf(String email, String password, Map<String, String> more) {
        var session = client().session();
        session.startAuthorization();
        try {
            session.submitPassword(email, password, more);
        } catch (OAuthTestClient.TooManyAttempts refused) {
            assertThat(refused.challenge).as("challenged, not told to wait").isNotNull();
            assertThat(refused.retryAfter).isEmpty();
            return refused.challenge;
        }
        throw new AssertionError("the sign-in was not challenged");
    }

    @Test
    void theOwnerOfAnAccountUnderGuessingAnswersTheChallengeAndSignsIn() {
        IdentityApi.signUp(port, jdbc, "guessed@example.com", PASSWORD);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client().signIn("guessed@example.com", "wrong guess"))
                    .isInstanceOf(OAuthTestClient.BadCredentials.class);
        }
        // even the right password is challenged now, without a wait
        JsonNode challenge = challengeOf("guessed@example.com", PASSWORD, Map.of());
        assertThat(challenge.get("type").asString()).isEqualTo("proof-of-work");
        assertThat(challenge.get("bits").asInt()).isEqualTo(8);

        // a guess with an answer is let through to the password check, and the next challenge is harder
        Map<String, String> answered = OAuthTestClient.answer(challenge);
        var guess = client().session();
        guess.startAuthorization();
        assertThatThrownBy(() -> guess.submitPassword("guessed@example.com", "wrong guess", answered))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
        JsonNode harder = challengeOf("guessed@example.com", PASSWORD, answered);
        assertThat(harder.get("bits").asInt()).as("an answer at a lower difficulty does not pass").isEqualTo(9);

        // a challenge eased by hand, or one for another account, does not pass
        String[] parts = harder.get("token").asString().split("\\.");
        JsonNode eased = tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode()
                .put("token", parts[0] + "." + parts[1] + ".1." + parts[3]).put("bits", 1)
                .put("answer_field", "challenge_response");
        challengeOf("guessed@example.com", PASSWORD, OAuthTestClient.answer(eased));

        // the owner answers and gets in; the account is forgiven
        var owner = client().session();
        owner.startAuthorization();
        JsonNode tokens = owner.finish(owner.submitPassword("guessed@example.com", PASSWORD, OAuthTestClient.answer(harder)));
        assertThat(tokens.get("access_token")).isNotNull();
        assertThat(client().signIn("guessed@example.com", PASSWORD).get("access_token")).isNotNull();

        // guessed at again: the first answer, at the right difficulty and unexpired, has been spent
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client().signIn("guessed@example.com", "wrong guess"))
                    .isInstanceOf(OAuthTestClient.BadCredentials.class);
        }
        assertThat(challengeOf("guessed@example.com", PASSWORD, answered).get("bits").asInt()).isEqualTo(8);
    }

    /** A browser is sent to the challenge page, whose form carries the challenge for its script. */
    @Test
    void aBrowserIsSentToTheChallengePage() throws Exception {
        IdentityApi.signUp(port, jdbc, "browsing@example.com", PASSWORD);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client().signIn("browsing@example.com", "wrong guess"))
                    .isInstanceOf(OAuthTestClient.BadCredentials.class);
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Accept", "text/html,application/xhtml+xml").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=browsing%40example.com&password=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).isEqualTo(303);
        String page = sent.headers().firstValue("Location").orElseThrow();
        assertThat(page).startsWith("/login/challenge?token=").contains("&bits=8");
        HttpResponse<String> shown = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + page)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("data-bits=\"8\"", "name=\"challenge_response\"", "name=\"_csrf\"",
                "/assets/proof-of-work-");
    }
}
