package app.platform.billing.provider.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook signature shaped like Stripe's: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, several
 * {@code v1} allowed (secret rotation); valid only within the tolerance of now, so a captured request cannot be
 * replayed later.
 */
public final class WebhookSignature {

    public enum Verdict { VALID, MISSING_SIGNATURE, BAD_SIGNATURE, OUTSIDE_TOLERANCE }

    private WebhookSignature() {
    }

    public static Verdict verify(String header, String body, String secret, Instant now, Duration tolerance) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING_SIGNATURE;
        }
        Long timestamp = null;
        java.util.List<String> signatures = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    return Verdict.BAD_SIGNATURE;
                }
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                signatures.add(kv[1]);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return Verdict.BAD_SIGNATURE;
        }
        byte[] expected = sign(timestamp, body, secret).getBytes(StandardCharsets.US_ASCII);
        boolean matches = signatures.stream()
                .anyMatch(s -> MessageDigest.isEqual(expected, s.getBytes(StandardCharsets.US_ASCII)));
        if (!matches) {
            return Verdict.BAD_SIGNATURE;
        }
        return Duration.between(Instant.ofEpochSecond(timestamp), now).abs().compareTo(tolerance) > 0
                ? Verdict.OUTSIDE_TOLERANCE : Verdict.VALID;
    }

    /** The hex HMAC-SHA256 of {@code "<t>.<body>"}. */
    public static String sign(long timestamp, String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header a provider sends for this body at this time. */
    public static String header(Instant at, String body, String secret) {
        return "t=" + at.getEpochSecond() + ",v1=" + sign(at.getEpochSecond(), body, secret);
    }
}
