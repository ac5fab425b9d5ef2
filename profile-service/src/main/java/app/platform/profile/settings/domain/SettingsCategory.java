package app.platform.profile.settings.domain;

import app.platform.errors.InvalidInput;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The six settings categories, their keys, defaults and rules. A change names only known keys with valid values;
 * {@code security} mirrors identity (two-factor, passkeys) and is read-only to the user.
 */
public enum SettingsCategory {
    GENERAL("general", "user_settings", false, Map.of(
            "language", new Key("en", SettingsCategory::languageTag),
            "timeZone", new Key("UTC", SettingsCategory::zone))),
    SECURITY("security", "user_security_settings", true, Map.of(
            "twoFactorEnabled", new Key(false, SettingsCategory::bool),
            "passkeys", new Key(0, v -> v))),
    NOTIFICATIONS("notifications", "user_notification_preferences", false, notificationKeys()),
    PAYMENT("payment", "user_payment_settings", false, Map.of(
            "defaultPaymentMethod", new Key(null, v -> nullableText(v, 100)),
            "currency", new Key("USD", SettingsCategory::currency),
            "payoutPreference", new Key("bank_transfer", v -> oneOf(v, "bank_transfer", "wallet")))),
    PRIVACY("privacy", "user_privacy_settings", false, Map.of(
            "profileVisibility", new Key("private", v -> oneOf(v, "public", "members", "private")),
            "dataSharing", new Key(false, SettingsCategory::bool),
            "marketingConsent", new Key(false, SettingsCategory::bool))),
    APPEARANCE("appearance", "user_appearance_settings", false, Map.of(
            "theme", new Key("system", v -> oneOf(v, "light", "dark", "system")),
            "density", new Key("comfortable", v -> oneOf(v, "comfortable", "compact")),
            "language", new Key("en", SettingsCategory::languageTag)));

    /** A key's default and its rule: the rule returns the value to store or throws {@link IllegalArgumentException}. */
    public record Key(Object defaultValue, Function<Object, Object> rule) {
    }

    private final String id;
    private final String table;
    private final boolean readOnly;
    private final Map<String, Key> keys;

    SettingsCategory(String id, String table, boolean readOnly, Map<String, Key> keys) {
        this.id = id;
        this.table = table;
        this.readOnly = readOnly;
        this.keys = keys;
    }

    public String id() {
        return id;
    }

    /** The table the category lives in (a fixed name, never from input). */
    public String table() {
        return table;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public static SettingsCategory of(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst()
                .orElseThrow(() -> new InvalidInput("category", "unknown settings category"));
    }

    /** The stored values over the defaults. */
    public Map<String, Object> withDefaults(Map<String, Object> stored) {
        Map<String, Object> all = new LinkedHashMap<>();
        keys.keySet().stream().sorted().forEach(k -> all.put(k, stored.getOrDefault(k, keys.get(k).defaultValue())));
        stored.forEach((k, v) -> {
            if (k.endsWith("At")) {
                all.put(k, v); // the times the category records (marketingConsentAt)
            }
        });
        return all;
    }

    /** The validated change; names the first bad key. */
    public Map<String, Object> validate(Map<String, Object> change) {
        if (change == null || change.isEmpty()) {
            throw new InvalidInput(id, "Name at least one setting to change.");
        }
        Map<String, Object> valid = new LinkedHashMap<>();
        change.forEach((key, value) -> {
            Key rule = keys.get(key);
            if (rule == null) {
                throw new InvalidInput(key, "unknown setting; known: " + keys.keySet().stream().sorted().toList());
            }
            try {
                valid.put(key, rule.rule().apply(value));
            } catch (IllegalArgumentException | ClassCastException | DateTimeException e) {
                throw new InvalidInput(key, e.getMessage() == null ? "invalid value" : e.getMessage());
            }
        });
        return valid;
    }

    /** Opt-in per channel and topic, as {@code "<channel>.<topic>"} (constants here run before any static field). */
    private static Map<String, Key> notificationKeys() {
        Map<String, Key> keys = new LinkedHashMap<>();
        for (String channel : List.of("email", "sms", "push")) {
            for (String topic : List.of("account", "security", "billing", "membership", "marketing")) {
                // security and account notices by e-mail are on by default; nothing else is
                boolean on = channel.equals("email") && (topic.equals("security") || topic.equals("account"));
                keys.put(channel + "." + topic, new Key(on, SettingsCategory::bool));
            }
        }
        return Map.copyOf(keys);
    }

    private static Object bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("must be true or false");
    }

    private static Object oneOf(Object v, String... allowed) {
        if (v instanceof String s && Set.of(allowed).contains(s)) {
            return s;
        }
        throw new IllegalArgumentException("must be one of " + List.of(allowed));
    }

    private static Object languageTag(Object v) {
        if (v instanceof String s && !s.isBlank() && s.length() <= 35
                && !Locale.forLanguageTag(s).getLanguage().isEmpty()
                && Locale.forLanguageTag(s).toLanguageTag().equalsIgnoreCase(s)) {
            return Locale.forLanguageTag(s).toLanguageTag();
        }
        throw new IllegalArgumentException("must be a language tag such as en or pt-BR");
    }

    private static Object zone(Object v) {
        if (v instanceof String s) {
            return ZoneId.of(s).getId();
        }
        throw new IllegalArgumentException("must be a time zone such as Europe/Paris");
    }

    private static Object currency(Object v) {
        if (v instanceof String s && s.length() == 3) {
            return Currency.getInstance(s.toUpperCase(Locale.ROOT)).getCurrencyCode();
        }
        throw new IllegalArgumentException("must be an ISO 4217 currency code such as EUR");
    }

    private static Object nullableText(Object v, int max) {
        if (v == null || (v instanceof String s && !s.isBlank() && s.length() <= max)) {
            return v;
        }
        throw new IllegalArgumentException("must be null or 1 to " + max + " characters");
    }
}
