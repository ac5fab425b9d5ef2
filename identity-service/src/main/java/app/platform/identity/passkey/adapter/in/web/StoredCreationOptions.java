package app.platform.identity.passkey.adapter.in.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticationExtensionsClientInput;
import org.springframework.security.web.webauthn.api.AuthenticatorAttachment;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutableAuthenticationExtensionsClientInput;
import org.springframework.security.web.webauthn.api.ImmutableAuthenticationExtensionsClientInputs;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Keeps a passkey registration's options in the browser session, which lives in PostgreSQL: so the ceremony's two
 * requests may reach different replicas. Spring's {@code PublicKeyCredentialCreationOptions} is not
 * {@link Serializable} (its request-side counterpart is), so the session holds this snapshot of it instead.
 */
public final class StoredCreationOptions implements PublicKeyCredentialCreationOptionsRepository {

    private static final String ATTRIBUTE = StoredCreationOptions.class.getName();
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(PublicKeyCredentialParameters.EdDSA,
            PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.ES384, PublicKeyCredentialParameters.ES512,
            PublicKeyCredentialParameters.RS256, PublicKeyCredentialParameters.RS384, PublicKeyCredentialParameters.RS512,
            PublicKeyCredentialParameters.RS1);

    /** An extension input whose value is serializable (Spring's defaults: {@code credProps}, a boolean). */
    record Extension(String id, Serializable input) implements Serializable {
    }

    record Snapshot(String rpId, String rpName, Bytes userId, String userName, String userDisplayName, Bytes challenge,
                    long[] algorithms, Duration timeout, List<PublicKeyCredentialDescriptor> exclude,
                    AuthenticatorAttachment attachment, String residentKey, UserVerificationRequirement userVerification,
                    String attestation, List<Extension> extensions) implements Serializable {

        static Snapshot of(PublicKeyCredentialCreationOptions o) {
            AuthenticatorSelectionCriteria selection = o.getAuthenticatorSelection();
            return new Snapshot(o.getRp().getId(), o.getRp().getName(), o.getUser().getId(), o.getUser().getName(),
                    o.getUser().getDisplayName(), o.getChallenge(),
                    o.getPubKeyCredParams().stream().mapToLong(p -> p.getAlg().getValue()).toArray(), o.getTimeout(),
                    o.getExcludeCredentials() == null ? null : List.copyOf(o.getExcludeCredentials()),
                    selection == null ? null : selection.getAuthenticatorAttachment(),
                    selection == null || selection.getResidentKey() == null ? null : selection.getResidentKey().getValue(),
                    selection == null ? null : selection.getUserVerification(),
                    o.getAttestation() == null ? null : o.getAttestation().getValue(),
                    o.getExtensions() == null ? null : o.getExtensions().getInputs().stream()
                            .map(Snapshot::extension).toList());
        }

        private static Extension extension(AuthenticationExtensionsClientInput<?> input) {
            if (!(input.getInput() instanceof Serializable value)) {
                throw new IllegalStateException("the passkey extension " + input.getExtensionId() + " cannot be kept");
            }
            return new Extension(input.getExtensionId(), value);
        }

        PublicKeyCredentialCreationOptions options() {
            var builder = PublicKeyCredentialCreationOptions.builder()
                    .rp(PublicKeyCredentialRpEntity.builder().id(rpId).name(rpName).build())
                    .user(ImmutablePublicKeyCredentialUserEntity.builder().id(userId).name(userName)
                            .displayName(userDisplayName).build())
                    .challenge(challenge)
                    .pubKeyCredParams(Arrays.stream(algorithms).mapToObj(Snapshot::algorithm).toList())
                    .timeout(timeout)
                    .excludeCredentials(exclude);
            if (residentKey != null || userVerification != null || attachment != null) {
                builder.authenticatorSelection(AuthenticatorSelectionCriteria.builder().authenticatorAttachment(attachment)
                        .residentKey(residentKey == null ? null : ResidentKeyRequirement.valueOf(residentKey))
                        .userVerification(userVerification).build());
            }
            if (attestation != null) {
                builder.attestation(AttestationConveyancePreference.valueOf(attestation));
            }
            if (extensions != null) {
                builder.extensions(new ImmutableAuthenticationExtensionsClientInputs(extensions.stream()
                        .<AuthenticationExtensionsClientInput>map(e -> new ImmutableAuthenticationExtensionsClientInput<>(
                                e.id(), e.input()))
                        .toList()));
            }
            return builder.build();
        }

        private static PublicKeyCredentialParameters algorithm(long value) {
            return ALGORITHMS.stream().filter(p -> p.getAlg().getValue() == value).findFirst()
                    .orElseThrow(() -> new IllegalStateException("unknown COSE algorithm " + value));
        }
    }

    @Override
    public void save(HttpServletRequest request, HttpServletResponse response, PublicKeyCredentialCreationOptions options) {
        if (options == null) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(ATTRIBUTE);
            }
            return;
        }
        request.getSession().setAttribute(ATTRIBUTE, Snapshot.of(options));
    }

    @Override
    public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(ATTRIBUTE) instanceof Snapshot snapshot ? snapshot.options() : null;
    }
}
