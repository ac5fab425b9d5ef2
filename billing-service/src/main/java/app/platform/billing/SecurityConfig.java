package app.platform.billing;

import app.platform.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/** Who may call billing-service: the provider's webhooks carry no token (their signature proves them); every other {@code /api/billing/**} call needs a user token, {@code /api/billing/admin/**} the admin role, {@code /api/billing/internal/**} a service token ({@link ServiceSecurity}). */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
        return ServiceSecurity.of(http)
                .publicPaths("/api/billing/webhooks/**")
                .build();
    }
}
