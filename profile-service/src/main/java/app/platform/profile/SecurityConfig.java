package app.platform.profile;

import app.platform.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/** Who may call profile-service: every {@code /api/profile/**} call needs a user token; {@code /api/profile/admin/**} the admin role, {@code /api/profile/internal/**} a service token ({@link ServiceSecurity}). */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
        return ServiceSecurity.of(http).build();
    }
}
