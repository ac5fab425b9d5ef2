package app.platform.identity.organization.domain;

import static app.platform.identity.organization.domain.OrgRole.ADMIN;
import static app.platform.identity.organization.domain.OrgRole.MEMBER;
import static app.platform.identity.organization.domain.OrgRole.OWNER;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrgRoleTest {

    @Test
    void ownersMayDoAllAdminsNeverTouchOwnersMembersOnlyLeave() {
        assertThatCode(() -> OWNER.mayInvite(OWNER)).doesNotThrowAnyException();
        assertThatCode(() -> ADMIN.mayInvite(ADMIN)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ADMIN.mayInvite(OWNER)).isInstanceOf(OrgRole.NotAllowed.class);
        assertThatThrownBy(() -> MEMBER.mayInvite(MEMBER)).isInstanceOf(OrgRole.NotAllowed.class);

        assertThatCode(() -> OWNER.mayChange(OWNER, MEMBER)).doesNotThrowAnyException();
        assertThatCode(() -> ADMIN.mayChange(MEMBER, ADMIN)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ADMIN.mayChange(OWNER, ADMIN)).isInstanceOf(OrgRole.NotAllowed.class);
        assertThatThrownBy(() -> ADMIN.mayChange(MEMBER, OWNER)).isInstanceOf(OrgRole.NotAllowed.class);

        assertThatCode(() -> ADMIN.mayRemove(ADMIN)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ADMIN.mayRemove(OWNER)).isInstanceOf(OrgRole.NotAllowed.class);
        assertThatThrownBy(() -> MEMBER.mayRemove(MEMBER)).isInstanceOf(OrgRole.NotAllowed.class);
    }

    @Test
    void theLastOwnerStays() {
        assertThatThrownBy(() -> OrgRole.keepsAnOwner(OWNER, 1)).isInstanceOf(OrgRole.LastOwner.class);
        assertThatCode(() -> OrgRole.keepsAnOwner(OWNER, 2)).doesNotThrowAnyException();
        assertThatCode(() -> OrgRole.keepsAnOwner(ADMIN, 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> OrgRole.parse("emperor")).isInstanceOf(IllegalArgumentException.class);
    }
}
