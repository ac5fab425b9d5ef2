package app.platform.identity.user.adapter.out.passwords;

import app.platform.identity.user.application.BreachedPasswords;
import app.platform.identity.user.domain.PasswordPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The new-password policy over its breach check: the shipped list, and Have I Been Pwned's range API too when
 * {@code identity.passwords.hibp.enabled}.
 */
@Configuration(proxyBeanMethods = false)
class BreachCheck {

    @Bean
    BreachedPasswords breachedPasswords(HibpSettings hibp) {
        CommonPasswords shipped = CommonPasswords.shipped();
        return hibp.enabled() ? new PwnedPasswords(shipped, hibp.baseUrl(), hibp.timeout()) : shipped;
    }

    @Bean
    PasswordPolicy passwordPolicy(BreachedPasswords breached) {
        return new PasswordPolicy(breached::contains);
    }
}
