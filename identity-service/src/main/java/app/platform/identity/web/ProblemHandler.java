package app.platform.identity.web;

import static app.platform.web.Problems.titled;

import app.platform.identity.mfa.application.TwoFactor;
import app.platform.identity.user.application.Reauthenticate;
import app.platform.identity.user.domain.Reauthentication;
import app.platform.identity.organization.domain.InvitationLimit;
import app.platform.identity.verification.domain.InvalidToken;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * identity's own errors as RFC 9457 problem+json, titled for what they are; every other error is the kit's
 * ({@link app.platform.web.servlet.ServletProblems}).
 */
@RestControllerAdvice
class ProblemHandler {

    @ExceptionHandler(InvalidToken.class)
    ProblemDetail invalidToken(InvalidToken e) {
        return titled(HttpStatus.BAD_REQUEST, "Invalid or expired link", e.getMessage());
    }

    @ExceptionHandler({TwoFactor.AlreadyEnabled.class, TwoFactor.NotEnabled.class})
    ProblemDetail twoFactorState(RuntimeException e) {
        return titled(HttpStatus.CONFLICT, "Two-factor sign-in", e.getMessage());
    }

    @ExceptionHandler(TwoFactor.ReauthenticationFailed.class)
    ProblemDetail reauthentication(TwoFactor.ReauthenticationFailed e) {
        return titled(HttpStatus.FORBIDDEN, "Re-authentication failed", e.getMessage());
    }

    /** RFC 9470: the client asks for a fresh sign-in ({@code max_age}) and tries again. */
    @ExceptionHandler(Reauthenticate.SignInAgain.class)
    ResponseEntity<ProblemDetail> signInAgain(Reauthenticate.SignInAgain e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_user_authentication\", "
                        + "error_description=\"A recent sign-in is required\", max_age=" + Reauthentication.RECENT.toSeconds())
                .body(titled(HttpStatus.UNAUTHORIZED, "Sign in again", e.getMessage()));
    }

    @ExceptionHandler(InvitationLimit.Reached.class)
    ResponseEntity<ProblemDetail> tooManyInvitations(InvitationLimit.Reached e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(titled(HttpStatus.TOO_MANY_REQUESTS, "Too many invitations", e.getMessage()));
    }
}
