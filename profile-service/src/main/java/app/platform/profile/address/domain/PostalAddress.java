package app.platform.profile.address.domain;

import app.platform.errors.InvalidInput;
import java.util.Locale;
import java.util.Set;

/** A typed postal address; the country is an ISO 3166-1 alpha-2 code. */
public record PostalAddress(String type, String line1, String line2, String city, String region, String postalCode,
                            String country) {

    public static final Set<String> TYPES = Set.of("home", "billing", "shipping", "work", "other");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    public PostalAddress {
        if (type == null || !TYPES.contains(type)) {
            throw new InvalidInput("type", "must be one of " + TYPES.stream().sorted().toList());
        }
        line1 = required("line1", line1, 200);
        line2 = optional("line2", line2, 200);
        city = required("city", city, 100);
        region = optional("region", region, 100);
        postalCode = optional("postalCode", postalCode, 20);
        country = country == null ? "" : country.strip().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(country)) {
            throw new InvalidInput("country", "must be an ISO 3166-1 alpha-2 country code such as DE");
        }
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
