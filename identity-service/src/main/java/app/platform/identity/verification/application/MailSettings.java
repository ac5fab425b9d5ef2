package app.platform.identity.verification.application;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code identity.mail.*}: the sender, and where the mailed links point (identity's pages, or a frontend's). */
@ConfigurationProperties("identity.mail")
public record MailSettings(String from, String linkBase) {
}
