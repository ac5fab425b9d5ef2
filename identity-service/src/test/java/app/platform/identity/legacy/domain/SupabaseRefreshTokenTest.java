package app.platform.identity.legacy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SupabaseRefreshTokenTest {

    static final String KEY = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);

    @Test
    void aSecondFormTokenIsReadAndCheckedAgainstItsSessionsKeyAndCounter() {
        UUID session = UUID.randomUUID();
        String token = SupabaseRefreshToken.issue(session, 300, KEY); // a counter over 127: two varint bytes
        SupabaseRefreshToken read = SupabaseRefreshToken.parse(token).orElseThrow();
        assertThat(read.sessionId()).isEqualTo(session);
        assertThat(read.counter()).isEqualTo(300);
        assertThat(read.signedWith(KEY)).isTrue();
        assertThat(read.signedWith(Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {1, 2, 3}))).isFalse();
        assertThat(read.current(300)).isTrue();
        assertThat(read.current(301)).as("the one before the session's newest, as GoTrue allows").isTrue();
        assertThat(read.current(302)).as("used before").isFalse();
        assertThat(read.current(299)).as("never issued").isFalse();
        assertThat(SupabaseRefreshToken.issue(session, 0, KEY)).hasSize(51);
    }

    @Test
    void aFirstFormTokenOrAnAlteredOneIsNotOfTheSecondForm() {
        assertThat(SupabaseRefreshToken.parse("abcdefgh2345")).isEmpty();
        assertThat(SupabaseRefreshToken.parse("not base64 at all!")).isEmpty();
        String token = SupabaseRefreshToken.issue(UUID.randomUUID(), 1, KEY);
        char last = token.charAt(10);
        String altered = token.substring(0, 10) + (last == 'A' ? 'B' : 'A') + token.substring(11);
        assertThat(SupabaseRefreshToken.parse(altered)).as("its checksum fails").isEmpty();
    }
}
