package app.platform.local;

import app.platform.events.EventJson;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.TotpTestCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/**
 * An operator as the admin APIs need one (step-up): an admin who switched TOTP on through the API, as a person does,
 * and signed in with the password and a code ({@code aal2}, {@code auth_time} now).
 */
final class Operators {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CALLBACK = "http://127.0.0.1:8080/callback";

    private Operators() {
    }

    /** The access token of the admin {@code email} (already given the admin role), stepped up. */
    static String steppedUp(String gateway, String email, String password) throws Exception {
        String secret = totpSecret(gateway, email, password);
        long later = TotpTestCodes.step(Instant.now()) + 1; // a step after the confirmation's: each code is used once
        return new OAuthTestClient(gateway, "web", CALLBACK)
                .signIn(email, password, () -> TotpTestCodes.code(secret, later)).get("access_token").asString();
    }

    /**
     * Switches TOTP on for {@code email} through the API, confirmed with the code of the current step: its secret,
     * for the codes of the later steps.
     */
    static String totpSecret(String gateway, String email, String password) throws Exception {
        String token = new OAuthTestClient(gateway, "web", CALLBACK).signIn(email, password).get("access_token")
                .asString();
        String secret = EventJson.MAPPER.readTree(post(gateway, "/api/identity/two-factor/totp", token, "").body())
                .get("secret").asString();
        HttpResponse<String> confirmed = post(gateway, "/api/identity/two-factor/totp/confirm", token,
                "{\"code\":\"" + TotpTestCodes.code(secret, TotpTestCodes.step(Instant.now())) + "\"}");
        if (confirmed.statusCode() != 200) {
            throw new IllegalStateException("TOTP not switched on: " + confirmed.body());
        }
        return secret;
    }

    private static HttpResponse<String> post(String gateway, String path, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
