package app.platform.identity.verification.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Mails go out after the commit, from senders of their own: the request never waits for the SMTP server. */
@ExtendWith(OutputCaptureExtension.class)
class OutgoingMailTest {

    static final String ADDRESS = "ada@example.com";
    static final String TOKEN = "the-one-time-token";

    /** An SMTP server that holds every mail until it is released (or 5 s have passed). */
    final CountDownLatch released = new CountDownLatch(1);
    final List<String> sent = new CopyOnWriteArrayList<>();
    final Mailer slow = (to, subject, text) -> {
        try {
            released.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sent.add(to + " " + text);
    };
    OutgoingMail mail;

    @AfterEach
    void stop() throws InterruptedException {
        released.countDown();
        mail.destroy();
    }

    @Test
    void theCommitDoesNotWaitForTheSmtpServerAndTheMailGoesOutAfterIt() {
        mail = new OutgoingMail(slow, new MailSettings("no-reply@example.com", "https://app.example"));

        long started = System.nanoTime();
        commit(() -> mail.afterCommit(ADDRESS, "Reset your password", "Choose a new password with this link:",
                "/reset-password", TOKEN));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(sent).isEmpty();
        released.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
        assertThat(sent.getFirst()).startsWith(ADDRESS + " Choose a new password with this link:")
                .contains("https://app.example/reset-password?token=" + TOKEN);
    }

    @Test
    void aMailThatCannotBeSentIsLoggedWithoutAddressOrToken(CapturedOutput log) {
        mail = new OutgoingMail((to, subject, text) -> {
            throw new IllegalStateException("550 mailbox unavailable: " + to + " " + text);
        }, new MailSettings("no-reply@example.com", "https://app.example"));

        commit(() -> mail.afterCommit(ADDRESS, "Reset your password", "Choose a new password with this link:",
                "/reset-password", TOKEN));

        await().atMost(Duration.ofSeconds(5)).until(() -> log.getOut().contains("could not send the 'Reset your password' mail"));
        assertThat(log.getOut() + log.getErr()).contains("IllegalStateException").doesNotContain(ADDRESS).doesNotContain(TOKEN);
    }

    @Test
    void whenTooManyWaitTheNextIsRefusedAndLoggedNotHeld(CapturedOutput log) {
        mail = new OutgoingMail(slow, new MailSettings("no-reply@example.com", "https://app.example"));

        // two senders held by the server, a thousand mails waiting: the next one is one too many
        commit(() -> {
            for (int i = 0; i < 2 + 1_000 + 1; i++) {
                mail.afterCommit(ADDRESS, "Confirm your e-mail address", "text " + i);
            }
        });

        assertThat(log.getOut()).contains("could not send the 'Confirm your e-mail address' mail: too many mails waiting")
                .doesNotContain(ADDRESS);
    }

    /** Runs {@code work} as a transaction that commits. */
    static void commit(Runnable work) {
        TransactionSynchronizationManager.initSynchronization();
        try {
            work.run();
            TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }
}
