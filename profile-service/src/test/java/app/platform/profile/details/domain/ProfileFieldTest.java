package app.platform.profile.details.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.InvalidInput;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileFieldTest {

    @Test
    void anImportedBiographyIsKeptWholeWhereAChangeIsBounded() {
        String bio = " A long biography. ".repeat(150);

        assertThat(ProfileField.imported(Map.of(ProfileField.BIO, bio))).containsEntry(ProfileField.BIO, bio);
        assertThatThrownBy(() -> ProfileField.validate(Map.of("bio", bio)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("bio"));
    }

    @Test
    void everyOtherImportedFieldFollowsTheRuleOfAChange() {
        Map<ProfileField, String> values = new HashMap<>();
        values.put(ProfileField.DISPLAY_NAME, "  Demo  ");
        values.put(ProfileField.LAST_NAME, null);
        values.put(ProfileField.LOCALE, "en-GB");

        assertThat(ProfileField.imported(values)).containsEntry(ProfileField.DISPLAY_NAME, "Demo")
                .containsEntry(ProfileField.LAST_NAME, null).containsEntry(ProfileField.LOCALE, "en-GB");
        assertThatThrownBy(() -> ProfileField.imported(Map.of(ProfileField.AVATAR_URL, "http://example.com/a.png")))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("avatarUrl"));
        assertThatThrownBy(() -> ProfileField.imported(Map.of(ProfileField.FIRST_NAME, "x".repeat(101))))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("firstName"));
    }
}
