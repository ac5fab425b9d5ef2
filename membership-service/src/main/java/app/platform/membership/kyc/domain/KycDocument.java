package app.platform.membership.kyc.domain;

import app.platform.errors.InvalidInput;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A document as metadata: its type, issuing country and an opaque reference into the document store. The bytes
 * and the numbers on the document stay in that store; a reference that looks like an ID number is refused.
 */
public record KycDocument(String type, String country, String reference) {

    public static final Set<String> TYPES = Set.of("passport", "national_id", "driving_licence", "proof_of_address");
    private static final Pattern REFERENCE = Pattern.compile("[a-z][a-z0-9+.-]*://[A-Za-z0-9._~/-]{8,200}");
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{6,}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    public KycDocument {
        if (type == null || !TYPES.contains(type)) {
            throw new InvalidInput("documents.type", "must be one of " + TYPES.stream().sorted().toList());
        }
        country = country == null ? "" : country.toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(country)) {
            throw new InvalidInput("documents.country", "must be an ISO 3166-1 alpha-2 country code");
        }
        if (reference == null || !REFERENCE.matcher(reference).matches() || DIGIT_RUN.matcher(reference).find()) {
            throw new InvalidInput("documents.reference",
                    "must be an opaque document-store reference such as docs://k3f9-a81c (no document numbers)");
        }
    }
}
