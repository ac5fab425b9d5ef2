package app.platform.identity;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the mails, and the one-time links in them, the SMTP server (GreenMail) received; tests set the link base. */
final class Mailbox {

    static final String LINK_BASE = "identity.mail.link-base=https://app.example";
    private static final Pattern LINK = Pattern.compile("https://app\\.example(/[a-z-]+)\\?token=([A-Za-z0-9_-]+)");

    private Mailbox() {
    }

    /** The token of the newest link to {@code path} mailed to {@code address}, waiting for it to arrive. */
    static String linkTo(GreenMailExtension smtp, String address, String path) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            String token = null;
            for (MimeMessage m : smtp.getReceivedMessages()) {
                Matcher link = LINK.matcher(GreenMailUtil.getBody(m));
                if (recipient(m).equals(address) && link.find() && link.group(1).equals(path)) {
                    token = link.group(2);
                }
            }
            return token;
        }, t -> t != null);
    }

    /** The text of the newest mail to {@code address} with this subject, waiting for it to arrive. */
    static String mail(GreenMailExtension smtp, String address, String subject) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            String text = null;
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (recipient(m).equals(address) && subject.equals(m.getSubject())) {
                    text = GreenMailUtil.getBody(m);
                }
            }
            return text;
        }, t -> t != null);
    }

    /** How many mails to {@code address} carry a link to {@code path}. */
    static long links(GreenMailExtension smtp, String address, String path) {
        return java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipient(m).equals(address))
                .map(GreenMailUtil::getBody).map(LINK::matcher).filter(l -> l.find() && l.group(1).equals(path)).count();
    }

    static long mailsTo(GreenMailExtension smtp, String address) {
        return java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipient(m).equals(address)).count();
    }

    private static String recipient(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
