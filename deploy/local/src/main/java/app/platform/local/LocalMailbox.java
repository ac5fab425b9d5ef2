package app.platform.local;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local platform's mail server: identity-service sends over SMTP to it, and each mail is saved as an
 * {@code .eml} file under {@code <data-dir>/mail/}, where the developer opens the verification and reset links.
 */
final class LocalMailbox implements AutoCloseable {

    private final GreenMail server;
    private final Path folder;
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-mailbox");
        t.setDaemon(true);
        return t;
    });
    private int saved;

    LocalMailbox(int port, Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        saver.scheduleWithFixedDelay(this::saveNew, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void saveNew() {
        MimeMessage[] received = server.getReceivedMessages();
        for (; saved < received.length; saved++) {
            try (OutputStream out = Files.newOutputStream(folder.resolve(System.currentTimeMillis() + "-" + saved + ".eml"))) {
                received[saved].writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        saver.shutdown();
        saveNew();
        server.stop();
    }
}
