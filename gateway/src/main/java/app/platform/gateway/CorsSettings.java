package app.platform.gateway;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code gateway.cors.*}: the frontends' origins allowed to call the gateway from a browser (with credentials). */
@ConfigurationProperties("gateway.cors")
record CorsSettings(List<String> allowedOrigins) {

    CorsSettings {
        if (allowedOrigins == null) {
            throw new IllegalArgumentException("gateway.cors.allowed-origins (GATEWAY_CORS_ORIGINS) is not set");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
