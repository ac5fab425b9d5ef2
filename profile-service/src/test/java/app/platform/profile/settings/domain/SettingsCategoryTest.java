package app.platform.profile.settings.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.InvalidInput;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsCategoryTest {

    @Test
    void everyCategoryHasDefaultsAndOnlyKnownValidKeysPass() {
        assertThat(SettingsCategory.NOTIFICATIONS.withDefaults(Map.of())).hasSize(15)
                .containsEntry("email.security", true).containsEntry("push.marketing", false);
        assertThat(SettingsCategory.GENERAL.withDefaults(Map.of("timeZone", "Europe/Oslo")))
                .containsEntry("timeZone", "Europe/Oslo").containsEntry("language", "en");
        assertThat(SettingsCategory.PAYMENT.validate(Map.of("currency", "eur"))).containsEntry("currency", "EUR");
        assertThat(SettingsCategory.APPEARANCE.validate(Map.of("language", "pt-BR"))).containsEntry("language", "pt-BR");
        assertThat(SettingsCategory.SECURITY.readOnly()).isTrue();

        assertThatThrownBy(() -> SettingsCategory.GENERAL.validate(Map.of("timeZone", "Mars/Olympus")))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("timeZone"));
        assertThatThrownBy(() -> SettingsCategory.NOTIFICATIONS.validate(Map.of("email.billing", "yes")))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> SettingsCategory.PRIVACY.validate(Map.of("everything", true)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("everything"));
        assertThatThrownBy(() -> SettingsCategory.of("colours")).isInstanceOf(InvalidInput.class);
    }
}
