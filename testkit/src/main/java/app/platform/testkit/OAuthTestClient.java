package app.platform.testkit;

import app.platform.crypto.Sha256;
import app.platform.events.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    /** Token-endpoint calls carry no cookies: one client for all of them. */
    private static final HttpClient TOKEN_ENDPOINT = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String clientId;
    private final String redirectUri;
    private final String clientSecret;

    /** A public client (PKCE only). */
    public OAuthTestClient(String baseUrl, String clientId, String redirectUri) {
        this(baseUrl, clientId, null, redirectUri);
    }

    /** A confidential client: authenticates to the token endpoint with HTTP Basic. */
    public OAuthTestClient(String baseUrl, String clientId, String clientSecret, String redirectUri) {
        this.baseUrl = baseUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    /** The token response ({@code access_token}, {@code id_token}, ...) for a password sign-in. */
    public JsonNode signIn(String email, String password) {
        return signIn(email, password, null);
    }

    /** A password sign-in with a second step: {@code code} gives the TOTP (or backup) code when it is asked for. */
    public JsonNode signIn(String email, String password, java.util.function.Supplier<String> code) {
        Session session = session();
        session.startAuthorization();
        String next = session.submitPassword(email, password);
        if (next.endsWith("/login/totp")) {
            if (code == null) {
                throw new IllegalStateException("the sign-in asks for a second factor");
            }
            next = session.submitCode(code.get());
        }
        return session.finish(next);
    }

    /** A browser-like session with the hosted pages: cookies, CSRF, the authorization request it started. */
    public Session session() {
        return new Session();
    }

    public final class Session {
        private final BrowserCookies cookies = new BrowserCookies();
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        private final String verifier = randomToken();
        private final String state = randomToken();
        private String csrf;

        public String authorizeUrl() {
            return baseUrl + "/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id", clientId,
                    "redirect_uri", redirectUri, "scope", "openid", "state", state,
                    "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
        }

        /** Asks for authorization; not signed in yet, so this lands on the sign-in page (and keeps its CSRF token). */
        public HttpResponse<String> startAuthorization() {
            return startAuthorization("");
        }

        /** The same with more parameters ({@code &max_age=0}, {@code &acr_values=aal2}) on the authorization request. */
        public HttpResponse<String> startAuthorization(String moreParameters) {
            HttpResponse<String> loginPage = get(location(get(authorizeUrl() + moreParameters)));
            csrf(loginPage.body());
            return loginPage;
        }

        /** Posts the sign-in form; returns where it sends the browser next. */
        public String submitPassword(String email, String password) {
            return submitPassword(email, password, Map.of());
        }

        /** The same with more form fields: the answer to a challenge ({@link #answer}). */
        public String submitPassword(String email, String password, Map<String, String> more) {
            var fields = new java.util.HashMap<>(more);
            fields.putAll(Map.of("username", email, "password", password, "_csrf", csrf));
            HttpResponse<String> signedIn = post("/login", fields);
            if (signedIn.statusCode() == 429) {
                JsonNode problem = signedIn.body().isBlank() ? null : EventJson.MAPPER.readTree(signedIn.body());
                throw new TooManyAttempts(signedIn.headers().firstValue("Retry-After").orElse(""),
                        problem == null || !problem.has("challenge") ? null : problem.get("challenge"));
            }
            String next = location(signedIn);
            if (next.contains("error")) {
                throw new BadCredentials();
            }
            csrf = null; // signing in replaces the CSRF token
            return next;
        }

        /** Posts a code at the second step; returns where it sends the browser next, or the refusing response. */
        public String submitCode(String code) {
            HttpResponse<String> page = get(baseUrl + "/login/totp");
            csrf(page.body());
            HttpResponse<String> answer = post("/login/totp", Map.of("code", code, "_csrf", csrf));
            if (answer.statusCode() == 429) {
                throw new TooManyAttempts(answer.headers().firstValue("Retry-After").orElse("locked"), null);
            }
            if (answer.statusCode() != 302) {
                throw new BadCredentials();
            }
            csrf = null;
            return location(answer);
        }

        /**
         * Exchanges a legacy (Supabase) access token for a sign-in at {@code /login/legacy}; returns the response
         * (a redirect back into the authorization request when accepted).
         */
        public HttpResponse<String> exchangeLegacyToken(String legacyAccessToken) {
            return send(HttpRequest.newBuilder(URI.create(baseUrl + "/login/legacy"))
                    .header("Authorization", "Bearer " + legacyAccessToken)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
        }

        /** Follows redirects from {@code url} to the client's redirect URI and trades the code for tokens. */
        public JsonNode finish(String url) {
            String next = url;
            for (int hops = 0; hops < 10 && !next.startsWith(redirectUri); hops++) {
                next = location(get(next));
            }
            Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(next);
            if (!next.startsWith(redirectUri) || !code.find() || !next.contains("state=" + state)) {
                throw new IllegalStateException("no code in the redirect: " + next);
            }
            return token(Map.of("grant_type", "authorization_code",
                    "code", URLDecoder.decode(code.group(1), StandardCharsets.UTF_8), "redirect_uri", redirectUri,
                    "client_id", clientId, "code_verifier", verifier));
        }

        /** Tokens for a session that is signed in already: the authorization request needs no sign-in. */
        public JsonNode authorize() {
            return finish(authorizeUrl());
        }

        public HttpResponse<String> get(String url) {
            return send(HttpRequest.newBuilder(URI.create(url.startsWith("/") ? baseUrl + url : url))
                    .header("Accept", "text/html").GET().build());
        }

        /** A JSON call of the hosted pages' scripts (passkeys), with the session's CSRF token as a header. */
        public HttpResponse<String> postJson(String path, String json) {
            if (csrf == null) {
                csrf(get("/passkeys/new").body());
            }
            return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                    .header("X-CSRF-TOKEN", csrf).POST(HttpRequest.BodyPublishers.ofString(json)).build());
        }

        /** The value of one of the session's cookies at the base URL, or null. */
        public String cookie(String name) {
            return cookies.value(URI.create(baseUrl), name);
        }

        /** Where a response redirects to (absolute). */
        public String location(HttpResponse<?> response) {
            return OAuthTestClient.this.location(response);
        }

        private HttpResponse<String> post(String path, Map<String, String> fields) {
            return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build());
        }

        private void csrf(String page) {
            Matcher m = CSRF.matcher(page);
            if (m.find()) {
                csrf = m.group(1);
            } else {
                Matcher meta = CSRF_META.matcher(page);
                if (meta.find()) {
                    csrf = meta.group(1);
                }
            }
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Trades a refresh token for new tokens; throws {@link TokenRefused} when the server says no. */
    public JsonNode refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** A token-endpoint call: the parsed body of a 200, otherwise {@link TokenRefused}. */
    public JsonNode token(Map<String, String> form) {
        return call("/oauth2/token", form);
    }

    /** RFC 7662 introspection, as this client. */
    public JsonNode introspect(String token) {
        return call("/oauth2/introspect", Map.of("token", token));
    }

    /** RFC 7009 revocation, as this client. */
    public void revoke(String token) {
        call("/oauth2/revoke", Map.of("token", token));
    }

    /**
     * The token exchange of a Supabase session (RFC 8693, {@code subject_token_type}
     * {@code urn:supabase:params:oauth:token-type:refresh_token} or {@code …:access_token}), as this client (a public
     * one sends its {@code client_id}): the answer as it is, accepted or refused.
     */
    public HttpResponse<String> exchangeSupabase(String subjectTokenType, String subjectToken) {
        Map<String, String> form = new java.util.LinkedHashMap<>(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token_type", subjectTokenType, "subject_token", subjectToken));
        if (clientSecret == null) {
            form.put("client_id", clientId);
        }
        return post("/oauth2/token", form);
    }

    private JsonNode call(String path, Map<String, String> form) {
        HttpResponse<String> response = post(path, form);
        if (response.statusCode() != 200) {
            throw new TokenRefused(response.statusCode(), response.body());
        }
        return response.body().isBlank() ? EventJson.MAPPER.createObjectNode() : EventJson.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> post(String path, Map<String, String> form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (clientSecret != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return TOKEN_ENDPOINT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The token endpoint refused: {@code status} and the OAuth2 error body. */
    public static final class TokenRefused extends RuntimeException {
        public final int status;

        TokenRefused(int status, String body) {
            super("token endpoint answered " + status + ": " + body);
            this.status = status;
        }
    }

    /**
     * The sign-in form is backing off: 429, with {@code Retry-After} seconds; or it asks for a check first, the
     * problem's {@code challenge} member (null when it only backs off).
     */
    public static final class TooManyAttempts extends RuntimeException {
        public final String retryAfter;
        public final JsonNode challenge;

        TooManyAttempts(String retryAfter, JsonNode challenge) {
            super(challenge == null ? "too many attempts; retry after " + retryAfter + " s"
                    : "too many attempts; answer the challenge " + challenge);
            this.retryAfter = retryAfter;
            this.challenge = challenge;
        }
    }

    /**
     * The form fields that answer a proof-of-work challenge, as the hosted page's script finds them: a nonce such
     * that SHA-256({@code token:nonce}) starts with {@code bits} zero bits.
     */
    public static Map<String, String> answer(JsonNode challenge) {
        String token = challenge.get("token").asString();
        int bits = challenge.get("bits").asInt();
        for (long n = 0; ; n++) {
            String answer = token + ":" + Long.toString(n, 36);
            byte[] hash = Sha256.of(answer);
            int zeros = 0;
            for (int i = 0; i < hash.length && zeros == 8 * i; i++) {
                zeros += Integer.numberOfLeadingZeros(hash[i] & 0xff) - 24;
            }
            if (zeros >= bits) {
                return Map.of(challenge.get("answer_field").asString(), answer);
            }
        }
    }

    /** Thrown when the sign-in page refuses the credentials. */
    public static final class BadCredentials extends RuntimeException {
        BadCredentials() {
            super("the sign-in page refused the credentials");
        }
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
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
