package app.platform.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real local token issuer for the services' integration tests: an HTTP server publishing a JWKS, and RS256
 * access tokens as identity-service issues them (header {@code typ: at+jwt}, its claims). The service under test
 * fetches and checks the keys over HTTP, exactly as it does against identity-service. For the refusals: an ID token
 * ({@link #idToken}), and any claims signed with any type ({@link #sign}).
 */
public final class TestTokenIssuer implements AutoCloseable {

    public static final String ISSUER = "http://localhost:8080";
    /** The header {@code typ} of identity's access tokens (RFC 9068). */
    public static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");
    private final RSAKey key;
    private final HttpServer server;

    public TestTokenIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/oauth2/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/jwks";
    }

    /** The properties that point a service's resource server at this issuer. */
    public Map<String, String> properties() {
        return Map.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwksUri(),
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER);
    }

    /**
     * An access token for a user, with Supabase-compatible claims; {@code role} is "authenticated" or "admin". An
     * admin's token is one of a recent sign-in with a second factor ({@code aal2}, {@code auth_time} now), as the
     * admin APIs need ({@code StepUp}); {@link #userClaims} gives the claims to play one that has not stepped up.
     */
    public String accessToken(UUID userId, String email, String role) {
        return sign(ACCESS_TOKEN, userClaims(userId, email, role).build());
    }

    /** The claims of {@link #accessToken}, to change one (the issuer, the audience) before {@link #sign}ing them. */
    public JWTClaimsSet.Builder userClaims(UUID userId, String email, String role) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER).subject(userId.toString()).audience(List.of("web", "authenticated"))
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString())
                .claim("email", email).claim("role", "authenticated")
                .claim("app_metadata", Map.of("role", role)).claim("user_metadata", Map.of())
                .claim("aal", "admin".equals(role) ? "aal2" : "aal1").claim("auth_time", now.getEpochSecond())
                .claim("session_id", UUID.randomUUID().toString());
    }

    /**
     * An ID token of the user for a client, signed by the right key: {@code typ: JWT} and the client alone as its
     * audience. A resource server must refuse it as an access token.
     */
    public String idToken(UUID userId, String clientId) {
        Instant now = Instant.now();
        return sign(JOSEObjectType.JWT, new JWTClaimsSet.Builder()
                .issuer(ISSUER).subject(userId.toString()).audience(clientId).claim("azp", clientId)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("auth_time", now.getEpochSecond()).jwtID(UUID.randomUUID().toString())
                .build());
    }

    /** A client-credentials token of the {@code platform-services} client (scope {@code services}), as identity issues it. */
    public String serviceToken() {
        Instant now = Instant.now();
        return sign(ACCESS_TOKEN, new JWTClaimsSet.Builder()
                .issuer(ISSUER).subject("platform-services").audience(List.of("platform-services"))
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", List.of("services"))
                .build());
    }

    /** Any claims with any header {@code typ} ({@link #ACCESS_TOKEN}, {@link JOSEObjectType#JWT}), signed by this key. */
    public String sign(JOSEObjectType type, JWTClaimsSet claims) {
        try {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(type).keyID(key.getKeyID()).build();
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
