package app.platform.profile.legacy.application;

import app.platform.errors.InvalidInput;
import app.platform.legacy.LegacyChange;
import app.platform.profile.address.domain.PostalAddress;
import app.platform.profile.appuser.domain.AppUser;
import app.platform.profile.appuser.domain.AppUserStatus;
import app.platform.profile.appuser.domain.Holds;
import app.platform.profile.contact.application.Contacts.ContactData;
import app.platform.profile.contact.domain.ContactValue;
import app.platform.profile.details.domain.ProfileField;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a legacy {@code users}, {@code user_profiles}, {@code user_contacts} or {@code user_addresses} row is in
 * this service's terms, made by the domain's own factories (a contact's value normalised as a member's, an address
 * checked as a new one); {@link InvalidInput} names what the domain refuses.
 */
final class LegacyProfileRows {

    /** A legacy app user: its legacy id, and the app user it is (keyed by its identity user id). */
    record LegacyUser(UUID legacyId, AppUser user) {
    }

    /** A legacy address under its legacy id. */
    record LegacyAddress(UUID id, PostalAddress address) {
    }

    /** The legacy profile's columns, which bear the names of this service's. */
    private static final List<ProfileField> PROFILE_FIELDS = List.of(ProfileField.DISPLAY_NAME, ProfileField.FIRST_NAME,
            ProfileField.LAST_NAME, ProfileField.AVATAR_URL, ProfileField.BIO);
    private static final Map<String, AppUserStatus> STATUSES = Map.of("pending", AppUserStatus.Pending,
            "active", AppUserStatus.Active, "suspended", AppUserStatus.Suspended, "banned", AppUserStatus.Suspended,
            "closed", AppUserStatus.Closed, "deleted", AppUserStatus.Closed);
    private static final Map<String, String> CONTACT_TYPES = Map.of("phone", "mobile", "email", "personal");

    private LegacyProfileRows() {
    }

    /** The app user of a legacy app user; a deleted one is closed (the account stays). */
    static LegacyUser user(LegacyChange row, Instant now) {
        UUID authUser = uuid("auth_user_id", row.text("auth_user_id"));
        AppUserStatus status = STATUSES.get(lower(row.text("status")));
        if (status == null) {
            throw new InvalidInput("status", "is not one of " + STATUSES.keySet().stream().sorted().toList());
        }
        Instant created;
        try {
            created = LegacyChange.time(row.row(), "created_at");
        } catch (DateTimeException e) {
            throw new InvalidInput("created_at", "is not a time");
        }
        AppUserStatus legacy = row.deleted() ? AppUserStatus.Closed : status;
        return new LegacyUser(id(row), new AppUser(authUser, authUser, row.text("email"),
                Boolean.parseBoolean(row.text("email_verified")), legacy,
                new Holds(false, legacy == AppUserStatus.Suspended), created == null ? now : created));
    }

    /** The profile fields of a legacy profile, by the rules of an import; a blank column is no value. */
    static Map<ProfileField, Object> profile(LegacyChange row) {
        Map<ProfileField, String> values = new LinkedHashMap<>();
        for (ProfileField field : PROFILE_FIELDS) {
            if (row.row().has(field.column())) {
                String value = row.text(field.column());
                values.put(field, value == null || value.isBlank() ? null : value);
            }
        }
        return ProfileField.imported(values);
    }

    /** A legacy contact under its legacy id: {@code phone} a mobile number, {@code email} a personal address. */
    static ContactData contact(LegacyChange row) {
        String kind = lower(row.text("kind"));
        return new ContactData(id(row), ContactValue.of(kind, CONTACT_TYPES.get(kind), row.text("value")),
                Boolean.parseBoolean(row.text("is_primary")), Boolean.parseBoolean(row.text("verified")));
    }

    /** A legacy address under its legacy id, checked as a new one. */
    static LegacyAddress address(LegacyChange row) {
        return new LegacyAddress(id(row), PostalAddress.of(lower(row.text("type")), row.text("line1"), null,
                row.text("city"), null, row.text("postal_code"), row.text("country")));
    }

    /** The legacy row's own id. */
    static UUID id(LegacyChange row) {
        return uuid("id", row.id());
    }

    private static UUID uuid(String column, String value) {
        try {
            return UUID.fromString(value);
        } catch (RuntimeException e) {
            throw new InvalidInput(column, "is not a UUID");
        }
    }

    private static String lower(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }
}
