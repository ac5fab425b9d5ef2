package app.platform.profile.legacy.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.InvalidInput;
import app.platform.events.EventJson;
import app.platform.legacy.LegacyChange;
import app.platform.profile.address.domain.PostalAddress;
import app.platform.profile.appuser.domain.AppUser;
import app.platform.profile.appuser.domain.AppUserStatus;
import app.platform.profile.contact.application.Contacts.ContactData;
import app.platform.profile.contact.domain.ContactValue;
import app.platform.profile.details.domain.ProfileField;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LegacyProfileRowsTest {

    static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    static final UUID AUTH = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aContactIsNormalisedAsAMembersAndKeepsItsLegacyId() {
        assertThat(LegacyProfileRows.contact(change("c", Map.of("id", ID.toString(), "kind", "Phone",
                "value", " +49 (30) 1234-5678 ", "is_primary", true, "verified", false))))
                .isEqualTo(new ContactData(ID, new ContactValue("phone", "mobile", "+493012345678"), true, false));
        assertThat(LegacyProfileRows.contact(change("r", Map.of("id", ID.toString(), "kind", "email",
                "value", "Someone@Example.COM", "is_primary", false, "verified", true))))
                .isEqualTo(new ContactData(ID, new ContactValue("email", "personal", "someone@example.com"), false, true));
    }

    @Test
    void aContactTheDomainRefusesNamesWhatIsWrong() {
        assertRefused(() -> LegacyProfileRows.contact(change("c", Map.of("id", ID.toString(), "kind", "fax",
                "value", "+4930123456"))), "kind");
        assertRefused(() -> LegacyProfileRows.contact(change("c", Map.of("id", ID.toString(), "kind", "phone",
                "value", "030 1234"))), "value");
        assertRefused(() -> LegacyProfileRows.contact(change("c", Map.of("id", ID.toString(), "kind", "email"))), "value");
        assertRefused(() -> LegacyProfileRows.contact(change("c", Map.of("id", "42", "kind", "phone",
                "value", "+4930123456"))), "id");
    }

    @Test
    void aProfileFollowsTheRulesOfAChangeButKeepsItsBiographyWhole() {
        String bio = "A long biography. ".repeat(200);
        Map<ProfileField, Object> fields = LegacyProfileRows.profile(change("r", Map.of("display_name", "  Demo 1 ",
                "first_name", "", "last_name", "User 1", "bio", bio)));

        assertThat(fields).containsEntry(ProfileField.DISPLAY_NAME, "Demo 1").containsEntry(ProfileField.FIRST_NAME, null)
                .containsEntry(ProfileField.LAST_NAME, "User 1").containsEntry(ProfileField.BIO, bio)
                .doesNotContainKey(ProfileField.AVATAR_URL);
        assertThat((String) fields.get(ProfileField.BIO)).hasSize(3600);
        assertRefused(() -> LegacyProfileRows.profile(change("r", Map.of("avatar_url", "http://example.com/a.png"))),
                "avatarUrl");
        assertRefused(() -> LegacyProfileRows.profile(change("r", Map.of("display_name", "x".repeat(101)))),
                "displayName");
    }

    @Test
    void anAddressIsCheckedAsANewOne() {
        assertThat(LegacyProfileRows.address(change("c", Map.of("id", ID.toString(), "type", " Home ",
                "line1", "Main Street 1", "city", "Berlin", "postal_code", "10115", "country", "de"))))
                .isEqualTo(new LegacyProfileRows.LegacyAddress(ID,
                        new PostalAddress("home", "Main Street 1", null, "Berlin", null, "10115", "DE")));
        assertRefused(() -> LegacyProfileRows.address(change("c", Map.of("id", ID.toString(), "type", "home",
                "line1", "Main Street 1", "city", "Berlin", "country", "Germany"))), "country");
        assertRefused(() -> LegacyProfileRows.address(change("c", Map.of("id", ID.toString(), "type", "castle",
                "line1", "Main Street 1", "city", "Berlin", "country", "DE"))), "type");
    }

    @Test
    void aLegacyAppUserIsKeyedByItsIdentityUserAndADeletedOneIsClosed() {
        Map<String, Object> row = Map.of("id", ID.toString(), "auth_user_id", AUTH.toString(), "email", "a@example.com",
                "email_verified", true, "status", "Banned", "created_at", "2024-01-02T03:04:05Z");

        LegacyProfileRows.LegacyUser user = LegacyProfileRows.user(change("r", row), NOW);
        assertThat(user.legacyId()).isEqualTo(ID);
        assertThat(user.user().id()).isEqualTo(AUTH);
        assertThat(user.user().authUserId()).isEqualTo(AUTH);
        assertThat(user.user().email()).isEqualTo("a@example.com");
        assertThat(user.user().emailVerified()).isTrue();
        assertThat(user.user().status()).isEqualTo(AppUserStatus.Suspended);
        assertThat(user.user().createdAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));

        assertThat(LegacyProfileRows.user(change("d", row), NOW).user().status()).isEqualTo(AppUserStatus.Closed);
        Map<String, Object> pending = new HashMap<>(row);
        pending.put("status", "pending");
        pending.remove("created_at");
        AppUser pendingUser = LegacyProfileRows.user(change("r", pending), NOW).user();
        assertThat(pendingUser.status()).isEqualTo(AppUserStatus.Pending);
        assertThat(pendingUser.createdAt()).isEqualTo(NOW);
    }

    @Test
    void aLegacyAppUserWithoutAnIdentityUserOrAKnownStatusIsRefused() {
        Map<String, Object> row = new HashMap<>(Map.of("id", ID.toString(), "auth_user_id", "not-a-user", "status", "active"));
        assertRefused(() -> LegacyProfileRows.user(change("r", row), NOW), "auth_user_id");
        row.put("auth_user_id", AUTH.toString());
        row.put("status", "archived");
        assertRefused(() -> LegacyProfileRows.user(change("r", row), NOW), "status");
        row.put("status", "active");
        row.put("created_at", "yesterday");
        assertRefused(() -> LegacyProfileRows.user(change("r", row), NOW), "created_at");
    }

    private static LegacyChange change(String op, Map<String, Object> columns) {
        ObjectNode row = EventJson.MAPPER.valueToTree(columns);
        return new LegacyChange("public.test", op, row, NOW);
    }

    private static void assertRefused(ThrowingCallable translation, String field) {
        assertThatThrownBy(translation).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
