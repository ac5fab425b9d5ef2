package app.platform.profile.address.domain;

import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import java.util.Locale;
import java.util.Set;

/**
 * A typed postal address; the country is an ISO 3166-1 alpha-2 code. The rules apply where an address comes in
 * ({@link #of}: a member's input, or a legacy row); an address read back from storage is rebuilt as it was stored
 * ({@link #fromStorage}) and never refused, so a read never fails on stored data.
 */
public record PostalAddress(String type, String line1, String line2, String city, String region, String postalCode,
                            String country) {

    public static final Set<String> TYPES = Set.of("home", "billing", "shipping", "work", "other");
    /** How many addresses of one type a member may add; the legacy import keeps what the legacy app held. */
    public static final int MAX_PER_TYPE = 20;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** A new address: validated and normalized (trimmed, country upper case); names the first bad field. */
    public static PostalAddress of(String type, String line1, String line2, String city, String region,
                                   String postalCode, String country) {
        if (type == null || !TYPES.contains(type)) {
            throw new InvalidInput("type", "must be one of " + TYPES.stream().sorted().toList());
        }
        String code = country == null ? "" : country.strip().toUpperCase(Locale.ROOT);
        PostalAddress address = new PostalAddress(type, required("line1", line1, 200), optional("line2", line2, 200),
                required("city", city, 100), optional("region", region, 100), optional("postalCode", postalCode, 20), code);
        if (!COUNTRIES.contains(code)) {
            throw new InvalidInput("country", "must be an ISO 3166-1 alpha-2 country code such as DE");
        }
        return address;
    }

    /** Refuses a member's new address when they hold {@link #MAX_PER_TYPE} of its type already. */
    public static void roomFor(String type, long held) {
        if (held >= MAX_PER_TYPE) {
            throw new Conflict("You have " + MAX_PER_TYPE + " " + type + " addresses already; remove one first.");
        }
    }

    /** An address as it was stored, whatever today's rules say of it. */
    public static PostalAddress fromStorage(String type, String line1, String line2, String city, String region,
                                            String postalCode, String country) {
        return new PostalAddress(type, line1, line2, city, region, postalCode, country);
    }

    private static String required(String field, String value, int max) {
        String v = optional(field, value, max);
        if (v == null) {
            throw new InvalidInput(field, "is required");
        }
        return v;
    }

    private static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.strip().length() > max) {
            throw new InvalidInput(field, "must be at most " + max + " characters");
        }
        return value.strip();
    }
}
