package app.platform.identity.user.adapter.out.passwords;

import app.platform.identity.user.domain.PasswordPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The password policy, with the common-password list shipped in the jar ({@code passwords/common-passwords.txt}). */
@Configuration(proxyBeanMethods = false)
class CommonPasswords {

    @Bean
    PasswordPolicy passwordPolicy() {
        try (var in = CommonPasswords.class.getResourceAsStream("/passwords/common-passwords.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Set<String> common = reader.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .collect(Collectors.toUnmodifiableSet());
            return new PasswordPolicy(common);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
