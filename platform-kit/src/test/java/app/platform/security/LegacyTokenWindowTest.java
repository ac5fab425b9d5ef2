package app.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LegacyTokenWindowTest {

    static final String SECRET = "the-legacy-projects-jwt-secret-of-32-chars-or-more";
    static final String ISSUER = "https://legacyref.supabase.co/auth/v1";
    static final Instant END = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void withoutASecretTheWindowIsClosed() {
        LegacyTokenWindow closed = new LegacyTokenWindow(null, null, null);
        assertThat(closed.configured()).isFalse();
        assertThat(closed.open(Instant.parse("2026-06-01T00:00:00Z"))).isFalse();
    }

    @Test
    void aSecretNeedsTheIssuerAndTheEndSoTheWindowAlwaysCloses() {
        assertThatThrownBy(() -> new LegacyTokenWindow(SECRET, "", END)).hasMessageContaining("LEGACY_JWT_ISSUER");
        assertThatThrownBy(() -> new LegacyTokenWindow(SECRET, ISSUER, null)).hasMessageContaining("LEGACY_TOKENS_UNTIL");
        assertThatThrownBy(() -> new LegacyTokenWindow("too short", ISSUER, END)).hasMessageContaining("32 characters")
                .hasMessageNotContaining("too short");
    }

    @Test
    void openUntilTheEnd() {
        LegacyTokenWindow window = new LegacyTokenWindow(SECRET, ISSUER, END);
        assertThat(window.open(END.minusSeconds(1))).isTrue();
        assertThat(window.open(END)).isFalse();
        assertThat(window.toString()).doesNotContain(SECRET);
    }
}
