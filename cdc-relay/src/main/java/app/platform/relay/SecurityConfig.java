package app.platform.relay;

import app.platform.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/** Who may call cdc-relay: the cutover's operations ({@code /api/cutover/**}) are for admins ({@link ServiceSecurity}). */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
        return ServiceSecurity.of(http)
                .publicPaths("/api/cutover/mode") // the gateway follows it: read-only or not, nothing more
                .adminPaths("/api/cutover/**")
                .build();
    }
}
