package app.platform.profile.details.domain;

import app.platform.errors.InvalidInput;
import java.net.URI;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The profile's fields, the column each lives in, and its rule (every field may also be cleared with null). An
 * imported value follows the same rule, but for a biography, which is kept whole (its column is unbounded).
 */
public enum ProfileField {
    DISPLAY_NAME("displayName", "display_name", v -> text(v, 100)),
    FIRST_NAME("firstName", "first_name", v -> text(v, 100)),
    LAST_NAME("lastName", "last_name", v -> text(v, 100)),
    DATE_OF_BIRTH("dateOfBirth", "date_of_birth", ProfileField::dateOfBirth),
    AVATAR_URL("avatarUrl", "avatar_url", ProfileField::httpsUrl),
    BIO("bio", "bio", v -> text(v, 2000), ProfileField::string),
    LOCALE("locale", "locale", ProfileField::locale),
    TIME_ZONE("timeZone", "time_zone", v -> ZoneId.of(string(v)).getId());

    private final String key;
    private final String column;
    private final Function<Object, Object> rule;
    private final Function<Object, Object> importRule;

    ProfileField(String key, String column, Function<Object, Object> rule) {
        this(key, column, rule, rule);
    }

    ProfileField(String key, String column, Function<Object, Object> rule, Function<Object, Object> importRule) {
        this.key = key;
        this.column = column;
        this.rule = rule;
        this.importRule = importRule;
    }

    public String key() {
        return key;
    }

    /** The column (a fixed name, never from input). */
    public String column() {
        return column;
    }

    /** The validated change, field by field; names the first bad field. */
    public static Map<ProfileField, Object> validate(Map<String, Object> change) {
        if (change == null || change.isEmpty()) {
            throw new InvalidInput("profile", "Name at least one field to change.");
        }
        Map<ProfileField, Object> valid = new LinkedHashMap<>();
        change.forEach((key, value) -> {
            ProfileField field = Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst()
                    .orElseThrow(() -> new InvalidInput(key, "unknown field"));
            valid.put(field, field.accept(value, field.rule));
        });
        return valid;
    }

    /** Imported values (a legacy row's), field by field, by the rules of an import; names the first bad field. */
    public static Map<ProfileField, Object> imported(Map<ProfileField, String> values) {
        Map<ProfileField, Object> valid = new LinkedHashMap<>();
        values.forEach((field, value) -> valid.put(field, field.accept(value, field.importRule)));
        return valid;
    }

    private Object accept(Object value, Function<Object, Object> rule) {
        try {
            return value == null ? null : rule.apply(value);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new InvalidInput(key, e.getMessage() == null ? "invalid value" : e.getMessage());
        }
    }

    private static String string(Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("must be text");
    }

    private static Object text(Object v, int max) {
        String s = string(v).strip();
        if (s.isEmpty() || s.length() > max) {
            throw new IllegalArgumentException("must be 1 to " + max + " characters");
        }
        return s;
    }

    private static Object dateOfBirth(Object v) {
        LocalDate date = LocalDate.parse(string(v));
        if (date.isBefore(LocalDate.of(1900, 1, 1)) || date.isAfter(LocalDate.now().minusYears(13))) {
            throw new IllegalArgumentException("must be a date (YYYY-MM-DD) after 1900 of someone at least 13");
        }
        return date;
    }

    private static Object httpsUrl(Object v) {
        String s = string(v).strip();
        try {
            URI uri = URI.create(s);
            if ("https".equals(uri.getScheme()) && uri.getHost() != null && s.length() <= 2048) {
                return s;
            }
        } catch (IllegalArgumentException bad) {
            // falls through
        }
        throw new IllegalArgumentException("must be an https URL");
    }

    private static Object locale(Object v) {
        Locale locale = Locale.forLanguageTag(string(v));
        // at most 35 characters (the column's size): a valid tag can be longer with private-use subtags
        if (string(v).length() > 35 || locale.getLanguage().isEmpty() || !locale.toLanguageTag().equalsIgnoreCase(string(v))) {
            throw new IllegalArgumentException("must be a language tag such as en-GB");
        }
        return locale.toLanguageTag();
    }
}
