package app.platform.identity.token;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code identity.refresh-tokens.*}: how long after a rotation the token it replaced may still be presented, and is
 * answered with the session's current token instead of revoking the session as a reuse ({@code reuse-interval},
 * GoTrue's {@code REFRESH_TOKEN_REUSE_INTERVAL}, 10 s by default there too; zero turns it off). Two tabs, or a
 * server-rendered page and its middleware, refreshing with one token a moment apart, stay signed in.
 */
@ConfigurationProperties("identity.refresh-tokens")
public record RefreshTokenSettings(@DefaultValue("10s") Duration reuseInterval) {
}
