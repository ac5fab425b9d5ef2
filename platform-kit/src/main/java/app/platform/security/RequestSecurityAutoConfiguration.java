package app.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * What Spring Security does on every request of every service and the gateway, at a measured cost (GatewayBench,
 * a recording of profile-service on a GET, bench/README.md):
 * <ul>
 * <li>no observations of its own: with an observation registry it times its filter chain, each filter, each
 * authentication and each authorization, several observations more around each request (5% of the service's
 * samples went to starting and stopping them); the platform keeps no traces, and the request's own observation
 * ({@code http.server.requests}, by status, 401 and 403 included) stays;</li>
 * <li>the reactive firewall with the same rules for header names and values, decided by {@link HeaderCharacters}
 * instead of a regular expression at each header read.</li>
 * </ul>
 */
@AutoConfiguration
@ConditionalOnClass(SecurityObservationSettings.class)
public class RequestSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(ServerWebExchangeFirewall.class)
    static class Reactive {

        @Bean
        @ConditionalOnMissingBean
        ServerWebExchangeFirewall serverWebExchangeFirewall() {
            StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
            firewall.setAllowedHeaderNames(HeaderCharacters::allowedName);
            firewall.setAllowedHeaderValues(HeaderCharacters::allowedValue);
            return firewall;
        }
    }
}
