package app.platform.security;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * What the platform takes as an access token (RFC 9068), the one rule of the gateway, every service and identity's
 * own API: besides the signature ({@link #SIGNATURES}, by the decoder's keys, identity's JWKS), not expired nor used before {@code nbf},
 * issued by identity ({@code iss}), the JOSE header {@code typ} {@code at+jwt}, and at least one of
 * {@code platform.access-tokens.audiences} in {@code aud}: by default {@code authenticated} (every user's access
 * token) and {@code platform-services} (the services' client-credentials token). An ID token has neither the type
 * nor such an audience (only its client's id), so it is refused as an access token.
 */
@ConfigurationProperties("platform.access-tokens")
public record AccessTokens(@DefaultValue({"authenticated", "platform-services"}) List<String> audiences) {

    /** The JOSE header {@code typ} identity gives its access tokens (RFC 9068 section 2.1). */
    public static final String TYPE = "at+jwt";

    /**
     * The signatures an access token may carry: ES256, identity's since its ECDSA keys sign them, and RS256, its RSA
     * keys' (before an ECDSA key's activation, and every token signed before this version). A decoder takes only
     * these ({@code alg} {@code none} or HMAC never).
     */
    public static final Set<SignatureAlgorithm> SIGNATURES = Set.of(SignatureAlgorithm.ES256, SignatureAlgorithm.RS256);

    /** The whole check for tokens of this issuer; RFC 9068 section 4 allows the media type's long form too. */
    public OAuth2TokenValidator<Jwt> validator(String issuer) {
        return JwtValidators.createDefaultWithValidators(List.of(new JwtIssuerValidator(issuer),
                new JwtTypeValidator(TYPE, "application/" + TYPE),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        aud -> aud != null && !Collections.disjoint(aud, audiences))));
    }
}
