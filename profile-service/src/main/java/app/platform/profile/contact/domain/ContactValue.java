package app.platform.profile.contact.domain;

import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** A contact's kind (phone, email), type, and its value in one canonical form (E.164, lower-case address). */
public record ContactValue(String kind, String type, String value) {

    public static final Set<String> KINDS = Set.of("phone", "email");
    public static final Set<String> TYPES = Set.of("personal", "work", "mobile", "home", "other");
    /** How many contacts of one kind a member may add; the legacy import keeps what the legacy app held. */
    public static final int MAX_PER_KIND = 20;
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");

    public static ContactValue of(String kind, String type, String raw) {
        if (kind == null || !KINDS.contains(kind)) {
            throw new InvalidInput("kind", "must be phone or email");
        }
        return new ContactValue(kind, type(type), normalize(kind, raw));
    }

    public static String type(String type) {
        if (type == null || !TYPES.contains(type)) {
            throw new InvalidInput("type", "must be one of " + TYPES.stream().sorted().toList());
        }
        return type;
    }

    /** Refuses a member's new contact when they hold {@link #MAX_PER_KIND} of its kind already. */
    public static void roomFor(String kind, long held) {
        if (held >= MAX_PER_KIND) {
            throw new Conflict("You have " + MAX_PER_KIND + " " + (kind.equals("phone") ? "phone numbers" : "e-mail addresses")
                    + " already; remove one first.");
        }
    }

    private static String normalize(String kind, String raw) {
        String value = raw == null ? "" : raw.strip();
        if (kind.equals("phone")) {
            // "+44 (0)20 …": the (0) is the trunk prefix dialled at home only, never part of the international number
            String digits = value.replace("(0)", "").replaceAll("[\\s().-]", "");
            if (!E164.matcher(digits).matches()) {
                throw new InvalidInput("value", "must be a phone number in international form, such as +44 20 7946 0958");
            }
            return digits;
        }
        String email = value.toLowerCase(Locale.ROOT);
        if (email.length() > 320 || !EMAIL.matcher(email).matches()) {
            throw new InvalidInput("value", "must be an e-mail address");
        }
        return email;
    }
}
