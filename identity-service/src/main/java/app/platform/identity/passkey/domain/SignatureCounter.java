package app.platform.identity.passkey.domain;

/**
 * WebAuthn §6.1.1: an authenticator that counts signatures must present a count above the stored one; a count
 * that did not grow means the credential may have been cloned. Authenticators that do not count (always 0) pass.
 */
public final class SignatureCounter {

    private SignatureCounter() {
    }

    public static boolean acceptable(long stored, long presented) {
        return (stored == 0 && presented == 0) || presented > stored;
    }
}
