package app.platform.identity.signin.application;

import java.time.Instant;

/**
 * What a challenged sign-in try must pass before it is let through (see {@code Throttle.Challenge}): a proof of
 * work by default ({@link ProofOfWorkCheck}), or a CAPTCHA when one is configured.
 */
public interface HumanCheck {

    /** A challenge, as the client meets it: in the problem's {@code challenge} member, and on the hosted page. */
    sealed interface Challenge {
        /** The form field the answer is posted in, next to the user name and password. */
        String answerField();
    }

    /** Find a nonce such that SHA-256({@code token + ":" + nonce}) starts with {@code bits} zero bits; answer {@code token:nonce}. */
    record ProofOfWorkChallenge(String token, int bits) implements Challenge {
        @Override
        public String answerField() {
            return "challenge_response";
        }
    }

    /** Show the provider's widget ({@code scriptUrl}, an element of {@code widgetClass} with {@code siteKey}). */
    record CaptchaChallenge(String siteKey, String scriptUrl, String widgetClass, String answerField)
            implements Challenge {
    }

    /** The challenge for a try at {@code key} (an account) at {@code level} (1 for the first, rising). */
    Challenge challenge(String key, int level, Instant now);

    /** Whether {@code answer} passes the challenge for {@code key} at {@code level}; each answer passes once. */
    boolean passed(String key, int level, String answer, String clientAddress, Instant now);
}
