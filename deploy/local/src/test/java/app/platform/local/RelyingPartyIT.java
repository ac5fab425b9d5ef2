package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.BrowserCookies;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A relying party we did not write, the Nimbus OAuth 2.0 / OpenID Connect SDK, signs in through the gateway only as the
 * public client {@code web}: code + PKCE, a validated ID token, userinfo, then refresh rotation, a second tab's refresh
 * within the reuse interval, and reuse revocation.
 */
@ExtendWith(SharedPlatform.class)
class RelyingPartyIT {

    private static final ClientID WEB = new ClientID("web");
    private static final URI CALLBACK = URI.create("http://127.0.0.1:8080/callback");
    private static final String PASSWORD = "a long enough password";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private static String gateway;
    private static OIDCProviderMetadata provider;

    @BeforeAll
    static void discover() throws Exception {
        gateway = SharedPlatform.get().gateway;
        provider = OIDCProviderMetadata.resolve(new Issuer(gateway), 10_000, 30_000);
    }

    @Test
    void signsInRefreshesWithRotationAndLosesTheSessionWhenARotatedOutRefreshTokenComesBack() throws Exception {
        assertThat(List.of(provider.getAuthorizationEndpointURI(), provider.getTokenEndpointURI(),
                provider.getJWKSetURI(), provider.getUserInfoEndpointURI()))
                .allSatisfy(endpoint -> assertThat(endpoint.toString()).startsWith(gateway + "/"));
        // RS256 for relying parties that registered no algorithm; ES256, which the platform's own clients registered
        assertThat(provider.getIDTokenJWSAlgs()).contains(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
        String email = signUp();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest request =
                authenticationRequest(new Scope("openid", "profile", "email", "offline_access"), verifier);

        OIDCTokens tokens = tokens(token(new AuthorizationCodeGrant(code(request, email), CALLBACK, verifier)))
                .toOIDCTokens();
        assertThat(tokens.getRefreshToken()).as("a refresh token for the web client").isNotNull();
        assertThat(tokens.getAccessToken().getScope()).as("the granted scope").isNotNull();
        assertThat(tokens.getAccessToken().getScope().toStringList()).contains("openid", "offline_access");
        IDTokenClaimsSet idToken = new IDTokenValidator(provider.getIssuer(), WEB, JWSAlgorithm.ES256,
                provider.getJWKSetURI().toURL()).validate(tokens.getIDToken(), request.getNonce());
        UserInfo user = userInfo(tokens);
        assertThat(user.getSubject()).isEqualTo(idToken.getSubject());
        assertThat(user.getEmailAddress()).isEqualTo(email);

        RefreshToken first = tokens.getRefreshToken();
        Tokens rotated = tokens(token(new RefreshTokenGrant(first)));
        assertThat(rotated.getAccessToken().getValue()).isNotEqualTo(tokens.getAccessToken().getValue());
        assertThat(rotated.getRefreshToken()).as("a new refresh token").isNotNull();
        assertThat(rotated.getRefreshToken().getValue()).isNotEqualTo(first.getValue());
        // a second tab a moment later with the same token: the session's current one, not a revocation
        Tokens secondTab = tokens(token(new RefreshTokenGrant(first)));
        assertThat(secondTab.getRefreshToken().getValue()).as("within the reuse interval")
                .isEqualTo(rotated.getRefreshToken().getValue());
        RefreshToken newest = tokens(token(new RefreshTokenGrant(rotated.getRefreshToken()))).getRefreshToken();
        assertThat(newest).as("a new refresh token").isNotNull();
        assertThat(newest.getValue()).isNotEqualTo(rotated.getRefreshToken().getValue());

        assertThat(error(token(new RefreshTokenGrant(first))))
                .as("the rotated-out refresh token again, once the one that replaced it was rotated away too")
                .isEqualTo(OAuth2Error.INVALID_GRANT_CODE);
        assertThat(error(token(new RefreshTokenGrant(newest))))
                .as("the newest one, after the reuse revoked the session").isEqualTo(OAuth2Error.INVALID_GRANT_CODE);
    }

    /**
     * A wrong verifier, not a missing one: Spring authenticates a public client by its {@code code_verifier}, so a
     * request without one is a missing client authentication rather than a failed PKCE check.
     */
    @Test
    void aCodeIsRefusedWithAWrongCodeVerifier() throws Exception {
        AuthenticationRequest request = authenticationRequest(new Scope("openid"), new CodeVerifier());
        AuthorizationCode code = code(request, signUp());

        assertThat(error(token(new AuthorizationCodeGrant(code, CALLBACK, new CodeVerifier()))))
                .isEqualTo(OAuth2Error.INVALID_GRANT_CODE);
    }

    /**
     * RFC 9068 on the real platform: the access token is typed {@code at+jwt}; the ID token, signed and issued by
     * identity for the same user, is refused by the gateway and by identity's userinfo.
     */
    @Test
    void theIdTokenIsNoAccessTokenAtTheGatewayNorAtIdentity() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest request = authenticationRequest(new Scope("openid", "email"), verifier);
        OIDCTokens tokens = tokens(token(new AuthorizationCodeGrant(code(request, signUp()), CALLBACK, verifier)))
                .toOIDCTokens();
        String access = tokens.getAccessToken().getValue();
        String idToken = tokens.getIDTokenString();
        assertThat(SignedJWT.parse(access).getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));

        assertThat(status("/api/profile/me", access)).as("the access token through the gateway").isNotEqualTo(401);
        assertThat(status("/api/profile/me", idToken)).as("the ID token at the gateway").isEqualTo(401);
        assertThat(status("/userinfo", access)).as("the access token at userinfo").isEqualTo(200);
        assertThat(status("/userinfo", idToken)).as("the ID token at userinfo").isEqualTo(401);
    }

    /** The status of a GET through the gateway with the token as its bearer. */
    private static int status(String path, String bearer) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + bearer).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static AuthenticationRequest authenticationRequest(Scope scope, CodeVerifier verifier) {
        return new AuthenticationRequest.Builder(ResponseType.CODE, scope, WEB, CALLBACK)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .state(new State())
                .nonce(new Nonce())
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
    }

    /** The user signs in; Nimbus reads the authorization response off the callback URL, whose state must match. */
    private static AuthorizationCode code(AuthenticationRequest request, String email) throws Exception {
        AuthenticationResponse response = AuthenticationResponseParser.parse(signInAsABrowser(request.toURI(), email));
        assertThat(response.indicatesSuccess())
                .as(() -> "authorization refused: " + response.toErrorResponse().getErrorObject().toJSONObject())
                .isTrue();
        assertThat(response.getState()).isEqualTo(request.getState());
        return response.toSuccessResponse().getAuthorizationCode();
    }

    /** A token request as the public client: only {@code client_id}, no secret. */
    private static TokenResponse token(AuthorizationGrant grant) throws Exception {
        return OIDCTokenResponseParser.parse(
                send(new TokenRequest.Builder(provider.getTokenEndpointURI(), WEB, grant).build().toHTTPRequest()));
    }

    private static Tokens tokens(TokenResponse response) {
        assertThat(response.indicatesSuccess())
                .as(() -> "token endpoint refused: " + response.toErrorResponse().getErrorObject().toJSONObject())
                .isTrue();
        return response.toSuccessResponse().getTokens();
    }

    private static String error(TokenResponse response) {
        assertThat(response.indicatesSuccess()).as("the token endpoint refuses").isFalse();
        return response.toErrorResponse().getErrorObject().getCode();
    }

    private static UserInfo userInfo(Tokens tokens) throws Exception {
        UserInfoResponse response = UserInfoResponse.parse(send(new UserInfoRequest(
                provider.getUserInfoEndpointURI(), tokens.getBearerAccessToken()).toHTTPRequest()));
        assertThat(response.indicatesSuccess()).as("userinfo answers").isTrue();
        return response.toSuccessResponse().getUserInfo();
    }

    private static HTTPResponse send(HTTPRequest request) throws IOException {
        request.setConnectTimeout(10_000);
        request.setReadTimeout(30_000);
        return request.send();
    }

    /** A new user, {@code rp-<random>@example.com}. */
    private static String signUp() throws Exception {
        String email = "rp-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/identity/users"))
                .timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return email;
    }

    /**
     * The user's part, not the relying party's: the hosted sign-in page as a browser uses it (cookies kept, the
     * form's CSRF token sent back), then the redirects followed by hand to the callback, where nothing listens.
     */
    private static URI signInAsABrowser(URI authorization, String email) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new BrowserCookies())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();
        URI next = location(browse(browser, HttpRequest.newBuilder(authorization)));
        if (!atCallback(next)) {
            Matcher csrf = CSRF.matcher(browse(browser, HttpRequest.newBuilder(next)).body());
            assertThat(csrf.find()).as("a _csrf field on the sign-in page %s", next).isTrue();
            String form = Map.of("username", email, "password", PASSWORD, "_csrf", csrf.group(1)).entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            next = location(browse(browser, HttpRequest.newBuilder(URI.create(gateway + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form))));
        }
        for (int hops = 0; hops < 10 && !atCallback(next); hops++) {
            next = location(browse(browser, HttpRequest.newBuilder(next)));
        }
        assertThat(next.toString()).as("where the redirects end").startsWith(CALLBACK.toString());
        return next;
    }

    /** A page request; every one goes to the gateway, none straight to identity-service. */
    private static HttpResponse<String> browse(HttpClient browser, HttpRequest.Builder request) throws Exception {
        HttpRequest page = request.timeout(TIMEOUT).header("Accept", "text/html").build();
        assertThat(page.uri().toString()).as("the browser stays on the gateway").startsWith(gateway + "/");
        return browser.send(page, HttpResponse.BodyHandlers.ofString());
    }

    /** Where a response redirects to, relative locations resolved against the URL that answered. */
    private static URI location(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("expected a redirect from " + response.uri() + ", got " + response.statusCode())));
    }

    private static boolean atCallback(URI uri) {
        return uri.toString().startsWith(CALLBACK.toString());
    }
}
