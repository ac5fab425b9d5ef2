package app.platform.identity.user.adapter.out.passwords;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code identity.passwords.hibp.*}: Have I Been Pwned's range API as the breach check of new passwords, when
 * {@code enabled} (off: the shipped list alone); its base URL and how long a check may wait for it.
 */
@ConfigurationProperties("identity.passwords.hibp")
record HibpSettings(boolean enabled, URI baseUrl, Duration timeout) {
}
