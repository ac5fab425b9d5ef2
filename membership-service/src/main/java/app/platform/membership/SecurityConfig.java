package app.platform.membership;

import app.platform.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/** Who may call membership-service: every {@code /api/membership/**} call needs a user token; {@code /api/membership/admin/**} the admin role, {@code /api/membership/internal/**} a service token ({@link ServiceSecurity}). */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
        return ServiceSecurity.of(http).build();
    }
}
