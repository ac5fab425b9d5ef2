package app.platform.audit;

import app.platform.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/** Who may call audit-service: {@code /api/audit/admin/**} needs the admin role, {@code /api/audit/internal/**} a service token, every other {@code /api/audit/**} call a user token ({@link ServiceSecurity}). */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
        return ServiceSecurity.of(http).build();
    }
}
