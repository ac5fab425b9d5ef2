package app.platform.profile.appuser.domain;

import static app.platform.profile.appuser.domain.AppUserStatus.Active;
import static app.platform.profile.appuser.domain.AppUserStatus.Closed;
import static app.platform.profile.appuser.domain.AppUserStatus.Pending;
import static app.platform.profile.appuser.domain.AppUserStatus.Suspended;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AppUserStatusTest {

    static final Holds BANNED = Holds.NONE.withBan(true);
    static final Holds BY_OPERATOR = Holds.NONE.withOperatorSuspension(true);

    @Test
    void verificationActivatesOnlyAPendingUser() {
        assertThat(Pending.afterEmailVerified()).isEqualTo(Active);
        assertThat(Suspended.afterEmailVerified()).isEqualTo(Suspended);
        assertThat(Closed.afterEmailVerified()).isEqualTo(Closed);
    }

    @Test
    void anyHoldSuspendsAndTheLastOneLiftedRestores() {
        assertThat(Active.under(BANNED, true)).isEqualTo(Suspended);
        assertThat(Pending.under(BY_OPERATOR, false)).isEqualTo(Suspended);
        assertThat(Closed.under(BANNED, true)).isEqualTo(Closed);
        assertThat(Suspended.under(Holds.NONE, true)).isEqualTo(Active);
        assertThat(Suspended.under(Holds.NONE, false)).isEqualTo(Pending);
        assertThat(Active.under(Holds.NONE, true)).isEqualTo(Active);
        // lifting the ban leaves the operator's suspension, and the other way round
        Holds both = BANNED.withOperatorSuspension(true);
        assertThat(Suspended.under(both.withBan(false), true)).isEqualTo(Suspended);
        assertThat(Suspended.under(both.withOperatorSuspension(false), true)).isEqualTo(Suspended);
    }

    @Test
    void aLegacyRowSaysTheStatusButNeitherLiftsABanNorReopensAClosedUser() {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        AppUser banned = new AppUser(id, id, "a@example.com", true, Suspended, BANNED, at);
        AppUser active = new AppUser(id, id, null, true, Active, Holds.NONE, at);
        AppUser suspended = new AppUser(id, id, "b@example.com", true, Suspended, BY_OPERATOR, at);

        assertThat(banned.afterLegacyChange(active, false)).satisfies(u -> {
            assertThat(u.status()).isEqualTo(Suspended);
            assertThat(u.email()).as("a row without an address keeps ours").isEqualTo("a@example.com");
        });
        AppUser held = new AppUser(id, id, "a@example.com", true, Active, Holds.NONE, at).afterLegacyChange(suspended, false);
        assertThat(held.status()).isEqualTo(Suspended);
        assertThat(held.holds()).isEqualTo(BY_OPERATOR);
        assertThat(held.email()).isEqualTo("b@example.com");
        assertThat(held.afterLegacyChange(active, false).status()).as("the legacy app lifted its own suspension").isEqualTo(Active);

        AppUser closed = new AppUser(id, id, "", false, Closed, Holds.NONE, at);
        assertThat(closed.afterLegacyChange(suspended, true)).as("closed here: final").isEqualTo(closed);
        assertThat(closed.afterLegacyChange(active, false).status()).as("closed by the legacy app: it reopens it")
                .isEqualTo(Active);
    }
}
