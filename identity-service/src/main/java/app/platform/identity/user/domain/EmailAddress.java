package app.platform.identity.user.domain;

import app.platform.errors.InvalidInput;
import java.util.Locale;
import java.util.regex.Pattern;

/** A normalised (trimmed, lower-case) e-mail address. */
public record EmailAddress(String value) {

    public static final int MAX_LENGTH = 320;

    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

    public EmailAddress {
        value = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (value.length() > MAX_LENGTH || !SHAPE.matcher(value).matches()) {
            throw new InvalidInput("email", "must be a valid e-mail address", "invalid.email");
        }
    }
}
