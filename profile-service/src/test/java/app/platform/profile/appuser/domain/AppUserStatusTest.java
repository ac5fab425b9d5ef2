package app.platform.profile.appuser.domain;

import static app.platform.profile.appuser.domain.AppUserStatus.Active;
import static app.platform.profile.appuser.domain.AppUserStatus.Closed;
import static app.platform.profile.appuser.domain.AppUserStatus.Pending;
import static app.platform.profile.appuser.domain.AppUserStatus.Suspended;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppUserStatusTest {

    @Test
    void verificationActivatesOnlyAPendingUser() {
        assertThat(Pending.afterEmailVerified()).isEqualTo(Active);
        assertThat(Suspended.afterEmailVerified()).isEqualTo(Suspended);
        assertThat(Closed.afterEmailVerified()).isEqualTo(Closed);
    }

    @Test
    void aBanSuspendsAndItsEndRestores() {
        assertThat(Active.afterBan()).isEqualTo(Suspended);
        assertThat(Pending.afterBan()).isEqualTo(Suspended);
        assertThat(Closed.afterBan()).isEqualTo(Closed);
        assertThat(Suspended.afterUnban(true)).isEqualTo(Active);
        assertThat(Suspended.afterUnban(false)).isEqualTo(Pending);
        assertThat(Active.afterUnban(true)).isEqualTo(Active);
    }
}
