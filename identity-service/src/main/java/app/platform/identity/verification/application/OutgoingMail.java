package app.platform.identity.verification.application;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Mails with a one-time link, sent only once the transaction that stored the token has committed. A mail that
 * cannot be sent is logged (without address or token) and can be asked for again; it never undoes the change.
 */
@Component
public class OutgoingMail {

    private static final Logger log = LoggerFactory.getLogger(OutgoingMail.class);
    private final Mailer mailer;
    private final String linkBase;

    public OutgoingMail(Mailer mailer, MailSettings settings) {
        this.mailer = mailer;
        this.linkBase = settings.linkBase();
    }

    public void afterCommit(String to, String subject, String intro, String path, String token) {
        String text = intro + "\n\n" + linkBase + path + "?token=" + token + "\n\nIf this was not you, ignore this mail.";
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    mailer.send(to, subject, text);
                } catch (RuntimeException e) {
                    log.warn("could not send the '{}' mail: {}", subject, e.getClass().getSimpleName());
                }
            }
        });
    }
}
