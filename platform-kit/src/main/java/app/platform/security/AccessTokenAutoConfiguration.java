package app.platform.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Every resource server checks access tokens by {@link AccessTokens}. The reactive services and the gateway get their
 * {@link ReactiveJwtDecoder} here: identity's keys ({@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}) and
 * its issuer ({@code …jwt.issuer-uri}, required: a service without one does not start). Boot's own decoder, which
 * takes a token of any audience with {@code typ} {@code JWT} or none, backs off. A token verified once is remembered
 * until it expires, five minutes at most ({@link VerifiedTokens}, {@value VerifiedTokens#CAPACITY} at most): a session's next
 * requests skip the parse and the signature check (GatewayBench: +45% direct, +34% through the gateway). Identity, the
 * issuer, validates the tokens of its own API with the same {@link AccessTokens#validator} and remembers them alike.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive."
        + "ReactiveOAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass(JwtTypeValidator.class)
@EnableConfigurationProperties({AccessTokens.class, LegacyTokenWindow.class})
public class AccessTokenAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri")
    static class Reactive {

        @Bean
        @ConditionalOnMissingBean
        ReactiveJwtDecoder jwtDecoder(AccessTokens tokens,
                                      @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri}") String jwks,
                                      @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer) {
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwks)
                    .jwsAlgorithms(algorithms -> algorithms.addAll(AccessTokens.SIGNATURES)).build();
            decoder.setJwtValidator(tokens.validator(issuer));
            return VerifiedTokens.remembering(decoder);
        }
    }
}
