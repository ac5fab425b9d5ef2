package app.platform.billing.tax.domain;

import app.platform.errors.InvalidInput;
import java.util.Locale;
import java.util.Set;

/**
 * A tax form as a member submits it. W-9 (US persons): a 9-digit SSN/EIN/ITIN, country US. W-8BEN (foreign
 * persons): a foreign tax id of 4 to 20 letters or digits, an ISO 3166 country other than US.
 */
public record TaxFormInput(String kind, String legalName, String country, String taxId) {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** The validated form: trimmed, country upper case, tax id without separators. */
    public TaxFormInput validated() {
        if (!"W-9".equals(kind) && !"W-8BEN".equals(kind)) {
            throw new InvalidInput("kind", "W-9 or W-8BEN");
        }
        if (legalName == null || legalName.isBlank() || legalName.strip().length() > 200) {
            throw new InvalidInput("legalName", "the legal name, 1 to 200 characters");
        }
        String c = country == null ? "" : country.strip().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(c)) {
            throw new InvalidInput("country", "an ISO 3166 alpha-2 country code");
        }
        String id = taxId == null ? "" : taxId.replaceAll("[\\s-]", "");
        if (kind.equals("W-9")) {
            if (!c.equals("US")) {
                throw new InvalidInput("country", "a W-9 is for US persons; foreign persons file a W-8BEN");
            }
            if (!id.matches("\\d{9}")) {
                throw new InvalidInput("taxId", "a 9-digit SSN, EIN or ITIN");
            }
        } else {
            if (c.equals("US")) {
                throw new InvalidInput("country", "a W-8BEN is for foreign persons; US persons file a W-9");
            }
            if (!id.matches("[A-Za-z0-9]{4,20}")) {
                throw new InvalidInput("taxId", "the foreign tax id: 4 to 20 letters or digits");
            }
        }
        return new TaxFormInput(kind, legalName.strip(), c, id.toUpperCase(Locale.ROOT));
    }

    public String last4() {
        return taxId.substring(taxId.length() - 4);
    }

    /** Never the tax id. */
    @Override
    public String toString() {
        return "TaxFormInput[kind=" + kind + ", country=" + country + "]";
    }
}
