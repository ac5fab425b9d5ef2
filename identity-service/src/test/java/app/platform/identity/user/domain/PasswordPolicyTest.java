package app.platform.identity.user.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.InvalidInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    final List<String> asked = new ArrayList<>();
    final PasswordPolicy policy = new PasswordPolicy(password -> {
        asked.add(password);
        return Set.of("password1234", "iloveyou1234").contains(password);
    });

    @Test
    void acceptsALongUnbreachedPassword() {
        assertThatCode(() -> policy.check("correct horse battery")).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("ünïcödé-pässwörd")).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("twelve chars")).doesNotThrowAnyException();
    }

    @Test
    void aNewPasswordHasAtLeastTwelveCharactersCountedAsCharactersNotBytes() {
        assertThatThrownBy(() -> policy.check("eleven char")).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("at least 12");
        assertThatThrownBy(() -> policy.check("Tr0ub4dor&3")).hasMessageContaining("at least 12");
        assertThatThrownBy(() -> policy.check("ü".repeat(11))).hasMessageContaining("at least 12");
        assertThatCode(() -> policy.check("ü".repeat(12))).doesNotThrowAnyException();
    }

    @Test
    void rejectsShortTooLongAndBreachedPasswordsNamingTheField() {
        assertThatThrownBy(() -> policy.check("short")).isInstanceOf(InvalidInput.class).hasMessageContaining("at least 12");
        assertThatThrownBy(() -> policy.check(null)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> policy.check("é".repeat(37))).hasMessageContaining("72 bytes");
        assertThatThrownBy(() -> policy.check("password1234")).hasMessageContaining("too common")
                .extracting(e -> ((InvalidInput) e).field()).isEqualTo("password");
    }

    @Test
    void onlyAPasswordOfAcceptableLengthIsLookedUp() {
        assertThatThrownBy(() -> policy.check("short")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> policy.check("é".repeat(37))).isInstanceOf(InvalidInput.class);
        assertThat(asked).isEmpty();
    }
}
