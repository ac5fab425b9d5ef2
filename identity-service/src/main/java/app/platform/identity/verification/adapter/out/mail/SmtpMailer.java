package app.platform.identity.verification.adapter.out.mail;

import app.platform.identity.verification.application.MailSettings;
import app.platform.identity.verification.application.Mailer;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Mail over SMTP: any relay (Resend, SES, a company server) by {@code SMTP_HOST}, {@code SMTP_PORT} and credentials. */
@Component
class SmtpMailer implements Mailer {

    private final JavaMailSender sender;
    private final String from;

    SmtpMailer(JavaMailSender sender, MailSettings settings) {
        this.sender = sender;
        this.from = settings.from();
    }

    @Override
    public void send(String to, String subject, String text) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        sender.send(message);
    }
}
