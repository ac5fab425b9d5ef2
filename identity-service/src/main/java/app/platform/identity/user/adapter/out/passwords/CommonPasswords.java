package app.platform.identity.user.adapter.out.passwords;

import app.platform.identity.user.application.BreachedPasswords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The breach check that needs no network: the common passwords shipped in the jar
 * ({@code passwords/common-passwords.txt}), compared without regard to case.
 */
final class CommonPasswords implements BreachedPasswords {

    private final Set<String> common;

    /** @param common lower-case common passwords */
    CommonPasswords(Set<String> common) {
        this.common = Set.copyOf(common);
    }

    static CommonPasswords shipped() {
        try (var in = CommonPasswords.class.getResourceAsStream("/passwords/common-passwords.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return new CommonPasswords(reader.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .collect(Collectors.toUnmodifiableSet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean contains(String password) {
        return common.contains(password.toLowerCase(Locale.ROOT));
    }
}
