package app.platform.testkit;

import app.platform.events.EventJson;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Signs a user in the way a browser frontend does: authorization code with PKCE (S256) against the hosted
 * sign-in page, then the code exchanged for tokens. Works directly against identity-service or through the gateway.
 */
public final class OAuthTestClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private final String baseUrl;
    private final String clientId;
    private final String redirectUri;

    public OAuthTestClient(String baseUrl, String clientId, String redirectUri) {
        this.baseUrl = baseUrl;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
    }

    /** The token response ({@code access_token}, {@code id_token}, ...) for a password sign-in. */
    public JsonNode signIn(String email, String password) {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        String verifier = randomToken();
        String state = randomToken();
        String authorize = baseUrl + "/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id", clientId,
                "redirect_uri", redirectUri, "scope", "openid", "state", state,
                "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
        try {
            HttpResponse<String> toLogin = get(http, authorize);
            HttpResponse<String> loginPage = get(http, location(toLogin));
            Matcher csrf = CSRF.matcher(loginPage.body());
            if (!csrf.find()) {
                throw new IllegalStateException("no sign-in form at " + location(toLogin) + ": " + loginPage.statusCode());
            }
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", email, "password", password,
                            "_csrf", csrf.group(1)))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String next = location(signedIn);
            if (next.contains("error")) {
                throw new BadCredentials();
            }
            String callback = location(get(http, next));
            Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(callback);
            if (!callback.startsWith(redirectUri) || !code.find() || !callback.contains("state=" + state)) {
                throw new IllegalStateException("no code in the redirect: " + callback);
            }
            HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
                            "code", URLDecoder.decode(code.group(1), StandardCharsets.UTF_8), "redirect_uri", redirectUri,
                            "client_id", clientId, "code_verifier", verifier))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (tokens.statusCode() != 200) {
                throw new IllegalStateException("token exchange failed: " + tokens.statusCode() + " " + tokens.body());
            }
            return EventJson.MAPPER.readTree(tokens.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Thrown when the sign-in page refuses the credentials. */
    public static final class BadCredentials extends RuntimeException {
        BadCredentials() {
            super("the sign-in page refused the credentials");
        }
    }

    private HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("expected a redirect from " + response.uri()
                        + ", got " + response.statusCode()));
        return location.startsWith("/") ? baseUrl + location : location;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
