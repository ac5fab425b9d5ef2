package app.platform.membership.kyc.domain;

import app.platform.errors.InvalidInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A document as metadata: its type, issuing country and an opaque reference into the document store. The bytes
 * and the numbers on the document stay in that store; a reference that looks like an ID number is refused.
 * <p>
 * The rules apply where a document comes in: {@link #submitted} (a member's submission: every field required and
 * valid) and {@link #imported} (a legacy row: what is valid is kept, the rest is left out). A document read back
 * from storage is rebuilt as it was stored and never refused ({@link #fromStorage}); what it lacks by today's
 * rules is told by {@link #missing()}, so a read never fails on stored data.
 */
public record KycDocument(String type, String country, String reference) {

    public static final Set<String> TYPES = Set.of("passport", "national_id", "driving_licence", "proof_of_address");
    private static final Pattern REFERENCE = Pattern.compile("[a-z][a-z0-9+.-]*://[A-Za-z0-9._~/-]{8,200}");
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{6,}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** As stored: no rule is applied here (see {@link #submitted} and {@link #imported}); blank reads as absent. */
    public KycDocument {
        type = blankToNull(type);
        country = blankToNull(country);
        reference = blankToNull(reference);
    }

    /** A document a member submits: type, country and reference are required and valid; names the first bad field. */
    public static KycDocument submitted(String type, String country, String reference) {
        if (!knownType(type)) {
            throw new InvalidInput("documents.type", "must be one of " + TYPES.stream().sorted().toList());
        }
        String code = country == null ? "" : country.strip().toUpperCase(Locale.ROOT);
        if (!knownCountry(code)) {
            throw new InvalidInput("documents.country", "must be an ISO 3166-1 alpha-2 country code");
        }
        if (!opaqueReference(reference)) {
            throw new InvalidInput("documents.reference",
                    "must be an opaque document-store reference such as docs://k3f9-a81c (no document numbers)");
        }
        return new KycDocument(type, code, reference);
    }

    /**
     * A document of a legacy row: the type in any case or with spaces or dashes, the country in any case; a field
     * that is absent or breaks the rules (a reference that looks like a document number is never kept) is left out
     * and shows in {@link #missing()}.
     */
    public static KycDocument imported(String type, String country, String reference) {
        String t = type == null ? null : type.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        String c = country == null ? null : country.strip().toUpperCase(Locale.ROOT);
        String r = reference == null ? null : reference.strip();
        return new KycDocument(knownType(t) ? t : null, knownCountry(c) ? c : null, opaqueReference(r) ? r : null);
    }

    /** A document as it was stored, whatever it lacks. */
    public static KycDocument fromStorage(String type, String country, String reference) {
        return new KycDocument(type, country, reference);
    }

    /** The fields this document lacks (absent, or not what the rules accept today), in order; empty when complete. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!knownType(type)) {
            missing.add("type");
        }
        if (!knownCountry(country)) {
            missing.add("country");
        }
        if (!opaqueReference(reference)) {
            missing.add("reference");
        }
        return List.copyOf(missing);
    }

    /**
     * What a verification in {@code status} with these documents lacks, as the API names it
     * ({@code documents[0].country}); {@code documents} itself when documents were submitted and none are kept.
     */
    public static List<String> missing(KycStatus status, List<KycDocument> documents) {
        List<String> missing = new ArrayList<>();
        if (documents == null || documents.isEmpty()) {
            if (status != null && status != KycStatus.NOT_STARTED) {
                missing.add("documents");
            }
            return List.copyOf(missing);
        }
        for (int i = 0; i < documents.size(); i++) {
            KycDocument document = documents.get(i);
            if (document == null) {
                missing.add("documents[" + i + "]");
                continue;
            }
            for (String field : document.missing()) {
                missing.add("documents[" + i + "]." + field);
            }
        }
        return List.copyOf(missing);
    }

    private static boolean knownType(String type) {
        return type != null && TYPES.contains(type);
    }

    private static boolean knownCountry(String country) {
        return country != null && COUNTRIES.contains(country);
    }

    private static boolean opaqueReference(String reference) {
        return reference != null && REFERENCE.matcher(reference).matches() && !DIGIT_RUN.matcher(reference).find();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
