package app.platform.errors;

/**
 * Input that breaks a rule of the domain: 400 problem+json naming the field. A rule a page shows a person may name a
 * message key and its arguments too ({@link #key}), so the page says it in the person's language; the API's problem
 * keeps the English message.
 */
public class InvalidInput extends RuntimeException {

    private final String field;
    private final String key;
    private final transient Object[] args;

    public InvalidInput(String field, String message) {
        this(field, message, null);
    }

    public InvalidInput(String field, String message, String key, Object... args) {
        super(message);
        this.field = field;
        this.key = key;
        this.args = args.clone();
    }

    public String field() {
        return field;
    }

    /** The message key of a page's text for it, or null. */
    public String key() {
        return key;
    }

    public Object[] args() {
        return args.clone();
    }
}
