package app.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenApiDefaultsTest {

    @Test
    void summariesAndTagsReadAsWords() {
        assertThat(OpenApiDefaults.sentence("confirmEmail")).isEqualTo("Confirm email");
        assertThat(OpenApiDefaults.sentence("me")).isEqualTo("Me");
        assertThat(OpenApiDefaults.sentence("endAllOtherSessions2")).isEqualTo("End all other sessions2");
        assertThat(OpenApiDefaults.subject("contact-controller")).isEqualTo("contact");
        assertThat(OpenApiDefaults.subject("legacy")).isEqualTo("legacy");
    }
}
