package app.platform.identity.signin.adapter.in.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthentication;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;

/**
 * A passkey counts as two factors (possession and the user's PIN or biometric) only if the authenticator says it
 * verified the user: the UV flag of the signed authenticator data (WebAuthn §6.1, bit 2 of the flags byte). Spring's
 * provider asks for verification as {@code preferred} and accepts an assertion without it as a full sign-in; here such
 * a sign-in keeps {@value #PRESENCE} instead of Spring's WebAuthn factor, so it is {@code aal1} and the second step
 * (TOTP) is still asked where the user has one.
 */
public final class UserVerifiedPasskeys implements AuthenticationProvider {

    /** The factor of a passkey used without user verification: possession only. */
    public static final String PRESENCE = "FACTOR_PASSKEY_PRESENCE";
    private static final int FLAGS = 32;
    private static final int USER_VERIFIED = 0x04;

    private final AuthenticationProvider spring;

    public UserVerifiedPasskeys(AuthenticationProvider spring) {
        this.spring = spring;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        Authentication passed = spring.authenticate(attempt);
        if (passed == null || userVerified((WebAuthnAuthenticationRequestToken) attempt)) {
            return passed;
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (GrantedAuthority authority : passed.getAuthorities()) {
            if (!FactorGrantedAuthority.WEBAUTHN_AUTHORITY.equals(authority.getAuthority())) {
                authorities.add(authority);
            }
        }
        authorities.add(FactorGrantedAuthority.withAuthority(PRESENCE).build());
        WebAuthnAuthentication possessionOnly = new WebAuthnAuthentication(
                (PublicKeyCredentialUserEntity) passed.getPrincipal(), authorities);
        possessionOnly.setDetails(passed.getDetails());
        return possessionOnly;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
    }

    /** Whether a sign-in passed with user verification (Spring's own authentication has its WebAuthn factor). */
    public static boolean userVerified(Authentication signedIn) {
        return signedIn.getAuthorities().stream().noneMatch(a -> PRESENCE.equals(a.getAuthority()));
    }

    private static boolean userVerified(WebAuthnAuthenticationRequestToken attempt) {
        byte[] data = attempt.getWebAuthnRequest().getPublicKey().getResponse().getAuthenticatorData().getBytes();
        return data.length > FLAGS && (data[FLAGS] & USER_VERIFIED) != 0;
    }
}
