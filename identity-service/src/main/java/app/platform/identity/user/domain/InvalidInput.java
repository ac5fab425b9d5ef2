package app.platform.identity.user.domain;

/** Input that breaks a rule of the domain; reported as a 400 with the field named. */
public class InvalidInput extends RuntimeException {

    private final String field;

    public InvalidInput(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
