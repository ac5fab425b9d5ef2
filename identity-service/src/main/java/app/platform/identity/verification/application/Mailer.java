package app.platform.identity.verification.application;

/** The outgoing-mail port. */
public interface Mailer {

    void send(String to, String subject, String text);
}
