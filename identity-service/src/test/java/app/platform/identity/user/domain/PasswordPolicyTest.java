package app.platform.identity.user.domain;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.InvalidInput;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    final PasswordPolicy policy = new PasswordPolicy(Set.of("password1", "iloveyou"));

    @Test
    void acceptsALongUncommonPassword() {
        assertThatCode(() -> policy.check("correct horse battery")).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("ünïcödé!")).doesNotThrowAnyException();
    }

    @Test
    void rejectsShortTooLongAndCommonPasswordsNamingTheField() {
        assertThatThrownBy(() -> policy.check("short")).isInstanceOf(InvalidInput.class).hasMessageContaining("at least 8");
        assertThatThrownBy(() -> policy.check(null)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> policy.check("é".repeat(37))).hasMessageContaining("72 bytes");
        assertThatThrownBy(() -> policy.check("PassWord1")).hasMessageContaining("too common")
                .extracting(e -> ((InvalidInput) e).field()).isEqualTo("password");
    }
}
