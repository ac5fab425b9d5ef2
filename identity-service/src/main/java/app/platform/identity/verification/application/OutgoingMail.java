package app.platform.identity.verification.application;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The mails identity sends, handed to a sender of their own only once the transaction that stored what they tell
 * (a token, an invitation) has committed: the request answers without waiting for the SMTP server, so neither the
 * answer nor its timing tells whether a mail went out. A mail that cannot be sent (the server fails, or too many
 * wait) is logged without address or token and can be asked for again; it never undoes the change. At shutdown the
 * waiting mails have a few seconds to go out.
 */
@Component
public class OutgoingMail implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutgoingMail.class);
    /** Senders: SMTP exchanges at once. */
    private static final int SENDERS = 2;
    /** Mails waiting for a sender; more are refused (and logged) rather than held without end. */
    private static final int WAITING = 1_000;
    private static final long DRAIN_SECONDS = 10;
    private final Mailer mailer;
    private final String linkBase;
    private final ThreadPoolExecutor senders = new ThreadPoolExecutor(SENDERS, SENDERS, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WAITING), Thread.ofVirtual().name("outgoing-mail-", 0).factory());

    public OutgoingMail(Mailer mailer, MailSettings settings) {
        this.mailer = mailer;
        this.linkBase = settings.linkBase();
    }

    /** A mail with a one-time link to {@code path} ({@code ?token=}), sent once the transaction commits. */
    public void afterCommit(String to, String subject, String intro, String path, String token) {
        afterCommit(to, subject, intro + "\n\n" + link(path) + "?token=" + token + "\n\nIf this was not you, ignore this mail.");
    }

    /** A mail sent once the transaction commits. */
    public void afterCommit(String to, String subject, String text) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    senders.execute(() -> send(to, subject, text));
                } catch (RejectedExecutionException e) {
                    log.warn("could not send the '{}' mail: too many mails waiting, or shutting down", subject);
                }
            }
        });
    }

    /** Where a mail's link to one of the pages ({@code /login}, {@code /reset-password}, ...) points. */
    public String link(String path) {
        return linkBase + path;
    }

    private void send(String to, String subject, String text) {
        try {
            mailer.send(to, subject, text);
        } catch (RuntimeException e) {
            log.warn("could not send the '{}' mail: {}", subject, e.getClass().getSimpleName());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        senders.shutdown();
        if (!senders.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
            log.warn("{} mails not sent at shutdown", senders.shutdownNow().size());
        }
    }
}
