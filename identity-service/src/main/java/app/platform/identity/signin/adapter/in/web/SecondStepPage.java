package app.platform.identity.signin.adapter.in.web;

import app.platform.identity.mfa.application.TwoFactor;
import app.platform.identity.signin.application.Throttles;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import app.platform.identity.passkey.application.Passkeys;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import tools.jackson.databind.json.JsonMapper;
import app.platform.identity.web.HostedPage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of the hosted sign-in: a code from the authenticator app, a backup code, or one of the user's
 * passkeys or security keys, used as a second factor (user presence is enough: the first factor was something known).
 * The key's ceremony asks for the pending user's own credentials ({@code allowCredentials}), so a key that is not
 * discoverable works too; a sign-in whose first factor was a passkey is not offered the key again.
 */
@Controller
@HostedPage
class SecondStepPage {

    private static final String OPTIONS = SecondStepPage.class.getName() + ".OPTIONS";
    private static final JsonMapper WEBAUTHN = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();

    private final SignInFlow flow;
    private final TwoFactor twoFactor;
    private final SignInOutcomes outcomes;
    private final Throttles throttles;
    private final Clock clock;
    private final Passkeys passkeys;
    private final WebAuthnRelyingPartyOperations ceremonies;

    SecondStepPage(SignInFlow flow, TwoFactor twoFactor, SignInOutcomes outcomes, Throttles throttles, Clock clock,
                   Passkeys passkeys, WebAuthnRelyingPartyOperations ceremonies) {
        this.flow = flow;
        this.twoFactor = twoFactor;
        this.outcomes = outcomes;
        this.throttles = throttles;
        this.clock = clock;
        this.passkeys = passkeys;
        this.ceremonies = ceremonies;
    }

    /** Whether the page offers a key; its script then posts, with the page's CSRF token. */
    @ModelAttribute
    void securityKey(HttpServletRequest request, Model model) {
        SignInFlow.Pending pending = flow.pending(request);
        boolean offered = pending != null && keyOffered(pending);
        model.addAttribute("securityKey", offered).addAttribute("scriptPosts", offered);
    }

    @GetMapping("/login/totp")
    String form(HttpServletRequest request) {
        return flow.pending(request) == null ? "redirect:/login" : "second-step";
    }

    /** The options of the security-key ceremony: the pending user's credentials, user presence only. */
    @PostMapping(path = "/login/totp/security-key/options", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> securityKeyOptions(HttpServletRequest request) {
        SignInFlow.Pending pending = flow.pending(request);
        if (pending == null || !keyOffered(pending)) {
            return noSecondStep();
        }
        PublicKeyCredentialRequestOptions spring = ceremonies.createCredentialRequestOptions(
                new ImmutablePublicKeyCredentialRequestOptionsRequest(UsernamePasswordAuthenticationToken.authenticated(
                        pending.userId().toString(), null, List.of())));
        PublicKeyCredentialRequestOptions options = PublicKeyCredentialRequestOptions.builder()
                .challenge(spring.getChallenge()).timeout(spring.getTimeout()).rpId(spring.getRpId())
                .allowCredentials(spring.getAllowCredentials()).extensions(spring.getExtensions())
                .userVerification(UserVerificationRequirement.DISCOURAGED).build();
        request.getSession().setAttribute(OPTIONS, options);
        return ResponseEntity.ok(WEBAUTHN.writeValueAsString(options));
    }

    /** The key's answer; a good one completes the sign-in and is answered as a passkey sign-in's. */
    @PostMapping(path = "/login/totp/security-key", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> securityKeyAnswer(HttpServletRequest request, HttpServletResponse response,
                                             @RequestBody String body) throws IOException {
        SignInFlow.Pending pending = flow.pending(request);
        if (pending == null || !(request.getSession().getAttribute(OPTIONS) instanceof PublicKeyCredentialRequestOptions options)) {
            return noSecondStep();
        }
        request.getSession().removeAttribute(OPTIONS); // one answer per challenge
        PublicKeyCredentialUserEntity user;
        try {
            user = ceremonies.authenticate(new RelyingPartyAuthenticationRequest(options, WEBAUTHN.readValue(body,
                    WEBAUTHN.getTypeFactory().constructParametricType(PublicKeyCredential.class,
                            AuthenticatorAssertionResponse.class))));
        } catch (RuntimeException refused) { // a malformed answer, an unknown key, a bad signature or origin
            user = null;
        }
        if (user == null || !pending.userId().toString().equals(user.getName())) {
            throttles.secondSteps.failure(ThrottleFilter.secondStep(pending.userId()), clock.instant());
            outcomes.secondStepFailed(pending.userId(), false);
            return problem(HttpStatus.BAD_REQUEST, "That key did not confirm the sign-in. Try another way.");
        }
        throttles.secondSteps.success(ThrottleFilter.secondStep(pending.userId()));
        flow.securityKeyPassed(request, response, pending);
        return null;
    }

    private boolean keyOffered(SignInFlow.Pending pending) {
        return !UserVerifiedPasskeys.PRESENCE.equals(pending.factor()) && !passkeys.list(pending.userId()).isEmpty();
    }

    private static ResponseEntity<String> noSecondStep() {
        return problem(HttpStatus.UNAUTHORIZED, "No sign-in is waiting for a security key. Sign in again.");
    }

    private static ResponseEntity<String> problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(WEBAUTHN.writeValueAsString(problem));
    }

    @PostMapping("/login/totp")
    String submit(HttpServletRequest request, HttpServletResponse response, @RequestParam(defaultValue = "") String code,
                  Model model) throws IOException, ServletException {
        SignInFlow.Pending pending = flow.pending(request);
        if (pending == null) {
            return "redirect:/login?expired";
        }
        TwoFactor.Check check = twoFactor.check(pending.userId(), code);
        switch (check.result()) {
            case ACCEPTED -> {
                throttles.secondSteps.success(ThrottleFilter.secondStep(pending.userId()));
                flow.secondFactorPassed(request, response, pending,
                        "backup_code".equals(check.method()) ? SignInFlow.BACKUP_CODE : SignInFlow.TOTP);
                return null;
            }
            case REJECTED -> {
                throttles.secondSteps.failure(ThrottleFilter.secondStep(pending.userId()), clock.instant());
                throttles.addresses.failure(ThrottleFilter.ip(request), clock.instant());
                outcomes.secondStepFailed(pending.userId(), false);
                response.setStatus(400);
                model.addAttribute("error", "second-step.wrong");
            }
            case LOCKED -> {
                flow.abandon(request);
                outcomes.secondStepFailed(pending.userId(), true);
                response.setStatus(429);
                model.addAttribute("error", "second-step.locked").addAttribute("locked", true);
            }
        }
        return "second-step";
    }
}
