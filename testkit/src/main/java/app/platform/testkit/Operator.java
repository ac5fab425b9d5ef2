package app.platform.testkit;

import app.platform.events.EventJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * An operator as the admin APIs need one (step-up): an admin (the role is given beforehand) who switched TOTP on
 * through the API, as a person does, and whose authenticator app gives each code once. {@link #token()} signs in with
 * the password and the next code ({@code aal2}, {@code auth_time} now).
 */
public final class Operator {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CALLBACK = "http://127.0.0.1:8080/callback";
    private final String gateway;
    private final String email;
    private final String password;
    private final String secret;
    private long lastStep;

    private Operator(String gateway, String email, String password, String secret, long lastStep) {
        this.gateway = gateway;
        this.email = email;
        this.password = password;
        this.secret = secret;
        this.lastStep = lastStep;
    }

    /** Switches TOTP on for {@code email} through the API, confirmed with the code of the current step. */
    public static Operator enrol(String gateway, String email, String password) throws Exception {
        String token = new OAuthTestClient(gateway, "web", CALLBACK).signIn(email, password).get("access_token")
                .asString();
        String secret = EventJson.MAPPER.readTree(post(gateway, "/api/identity/two-factor/totp", token, "").body())
                .get("secret").asString();
        long step = TotpTestCodes.step(Instant.now());
        HttpResponse<String> confirmed = post(gateway, "/api/identity/two-factor/totp/confirm", token,
                "{\"code\":\"" + TotpTestCodes.code(secret, step) + "\"}");
        if (confirmed.statusCode() != 200) {
            throw new IllegalStateException("TOTP not switched on: " + confirmed.body());
        }
        return new Operator(gateway, email, password, secret, step);
    }

    /** The TOTP secret (base32). */
    public String secret() {
        return secret;
    }

    /**
     * The authenticator app's next code: of a later step than the last one used (each is accepted once), waiting
     * while that step is more than one ahead of the clock (the most the server takes).
     */
    public synchronized String nextCode() throws InterruptedException {
        long step = Math.max(lastStep + 1, TotpTestCodes.step(Instant.now()));
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (TotpTestCodes.step(Instant.now()) + 1 < step && System.nanoTime() < deadline) {
            Thread.sleep(500); // the clock reaching the code's step: nothing to wait on but time
        }
        lastStep = step;
        return TotpTestCodes.code(secret, step);
    }

    /** A stepped-up access token: the password and the next code. */
    public String token() {
        return new OAuthTestClient(gateway, "web", CALLBACK).signIn(email, password, () -> {
            try {
                return nextCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }).get("access_token").asString();
    }

    private static HttpResponse<String> post(String gateway, String path, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
