package app.platform.billing.payment.domain;

import app.platform.crypto.Sha256;

/** The SHA-256 of a request's meaning, to tell a retry (same key, same body) from a misuse (same key, other body). */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    public static String of(Object... parts) {
        StringBuilder canonical = new StringBuilder();
        for (Object part : parts) {
            canonical.append(part == null ? "" : part.toString()).append('\u001f');
        }
        return Sha256.hex(canonical.toString());
    }
}
