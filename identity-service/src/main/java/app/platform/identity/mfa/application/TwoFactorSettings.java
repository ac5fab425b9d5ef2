package app.platform.identity.mfa.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code identity.two-factor.*}: the issuer authenticator apps show, and how many wrong second-step codes in a row
 * lock the second step for how long.
 */
@ConfigurationProperties("identity.two-factor")
public record TwoFactorSettings(@DefaultValue("Platform") String issuer, @DefaultValue("5") int lockAfter,
                                @DefaultValue("15m") Duration lockFor) {
}
