package app.platform.profile.legacy.application;

import app.platform.errors.InvalidInput;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.LegacyTarget;
import app.platform.profile.address.domain.PostalAddress;
import app.platform.profile.appuser.domain.AppUser;
import app.platform.profile.contact.domain.ContactValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * What this service should hold of a legacy row as last imported ({@link LegacyTarget.Expected}), in the legacy
 * table's terms, for the cutover's verification of its own tables: the columns it keeps as they are, and those the
 * import normalises made by the import's own rules ({@link LegacyProfileRows}, the domain's factories), never by a
 * second copy of them. The queries that read back what the tables hold live in {@code legacy/adapter/out/persistence}.
 */
public final class LegacyProfileExpected {

    private LegacyProfileExpected() {
    }

    /**
     * A legacy app user: its identity user id as the UUID the app user is keyed by, an empty e-mail as none (the
     * store keeps none as empty, read back as none), its status as the import maps it (a synonym such as {@code banned}
     * is {@code Suspended}); a deleted one is kept, {@code Closed}. The status is compared in this service's terms, so
     * the failback's lower-case value ({@code AppUserStatus.legacyValue}) is expected as the status it was written from.
     */
    public static Map<String, Object> user(LegacyTarget target, ObjectNode row, boolean deleted) {
        return normalised(target, row, () -> {
            AppUser user = LegacyProfileRows.user(change(LegacyProfileImport.USERS, row, deleted), Instant.EPOCH).user();
            Map<String, Object> columns = new HashMap<>();
            columns.put("auth_user_id", user.authUserId().toString());
            columns.put("email", user.email() == null || user.email().isEmpty() ? null : user.email());
            columns.put("status", user.status().name());
            return columns;
        });
    }

    /**
     * A legacy profile: its fields by the rules of an import (trimmed names, a blank column no value, a biography
     * whole); none under a deleted one's id (the profile stays, the app user's, under its own id or a live legacy
     * profile's).
     */
    public static Map<String, Object> profile(LegacyTarget target, ObjectNode row, boolean deleted) {
        if (deleted) {
            return null;
        }
        return normalised(target, row, () -> {
            Map<String, Object> columns = new HashMap<>();
            LegacyProfileRows.profile(change(LegacyProfileImport.PROFILES, row, false))
                    .forEach((field, value) -> columns.put(field.column(), value));
            return columns;
        });
    }

    /** A legacy contact: its kind and its value as the domain normalises them (E.164, lower-case address); none once deleted. */
    public static Map<String, Object> contact(LegacyTarget target, ObjectNode row, boolean deleted) {
        if (deleted) {
            return null;
        }
        return normalised(target, row, () -> {
            ContactValue value = LegacyProfileRows.contact(change(LegacyProfileImport.CONTACTS, row, false)).value();
            Map<String, Object> columns = new HashMap<>();
            columns.put("kind", value.kind());
            columns.put("value", value.value());
            return columns;
        });
    }

    /** A legacy address as the domain checks a new one (trimmed, type lower case, country upper case); none once deleted. */
    public static Map<String, Object> address(LegacyTarget target, ObjectNode row, boolean deleted) {
        if (deleted) {
            return null;
        }
        return normalised(target, row, () -> {
            PostalAddress address = LegacyProfileRows.address(change(LegacyProfileImport.ADDRESSES, row, false)).address();
            Map<String, Object> columns = new HashMap<>();
            columns.put("type", address.type());
            columns.put("line1", address.line1());
            columns.put("city", address.city());
            columns.put("postal_code", address.postalCode());
            columns.put("country", address.country());
            return columns;
        });
    }

    /**
     * The mapped columns as they are, with the normalised ones in their place; a row today's rules refuse (it could
     * only have been imported under older ones) is expected as it is, so that it shows.
     */
    private static Map<String, Object> normalised(LegacyTarget target, ObjectNode row, Supplier<Map<String, Object>> columns) {
        Map<String, Object> expected = new TreeMap<>(target.mapped(row));
        try {
            expected.putAll(columns.get());
        } catch (InvalidInput refused) {
            // compared as the legacy row has it
        }
        return expected;
    }

    private static LegacyChange change(String table, ObjectNode row, boolean deleted) {
        return new LegacyChange(table, deleted ? "d" : "r", row, Instant.EPOCH);
    }
}
