package app.platform.testkit;

import app.platform.crypto.Sha256;
import app.platform.events.EventJson;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A passkey authenticator in software (ES256, "none" attestation, user present and verified unless told otherwise),
 * answering the options of Spring Security's WebAuthn endpoints the way the browser script does. Its signature counter
 * can be turned back to play a cloned authenticator.
 */
public final class SoftwarePasskey {

    private static final ObjectConverter CONVERTER = new ObjectConverter();
    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private final String origin;
    private final String rpId;
    private byte[] userHandle;
    /** The signature count the next assertion raises; turn it back to play a cloned authenticator. */
    public long counter;
    /** Whether the next assertions say the user was verified (a PIN or biometric), or only present (a bare tap). */
    public boolean userVerified = true;

    public SoftwarePasskey(String origin, String rpId) {
        this.origin = origin;
        this.rpId = rpId;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(credentialId);
    }

    public String id() {
        return b64(credentialId);
    }

    /** The body for {@code POST /webauthn/register}, answering {@code /webauthn/register/options}. */
    public String register(JsonNode options, String label) {
        userHandle = Base64.getUrlDecoder().decode(options.get("user").get("id").asString());
        byte flags = 0x45; // user present, user verified, attested credential data
        AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authenticatorData = new AuthenticatorData<>(Sha256.of(rpId.getBytes(StandardCharsets.UTF_8)), flags, counter,
                new AttestedCredentialData(AAGUID.ZERO, credentialId,
                        EC2COSEKey.create(keys, COSEAlgorithmIdentifier.ES256)));
        byte[] attestation = new AttestationObjectConverter(CONVERTER).convertToBytes(
                new AttestationObject(authenticatorData, new NoneAttestationStatement()));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("attestationObject", b64(attestation));
        response.put("clientDataJSON", b64(clientData("webauthn.create", options)));
        response.put("transports", List.of("internal"));
        Map<String, Object> credential = credential();
        credential.put("response", response);
        credential.put("type", "public-key");
        return EventJson.MAPPER.writeValueAsString(Map.of("publicKey", Map.of("credential", credential, "label", label)));
    }

    /**
     * This authenticator's credential as a Supabase project holds a WebAuthn factor of {@code user}
     * ({@code auth.mfa_factors.web_authn_credential}: go-webauthn's JSON, standard base64), registered with GoTrue's
     * user handle (the user id's text): so that it is imported, then answers sign-ins here.
     */
    public String goTrueCredential(java.util.UUID user) {
        userHandle = user.toString().getBytes(StandardCharsets.UTF_8);
        Base64.Encoder std = Base64.getEncoder();
        Map<String, Object> flags = Map.of("userPresent", true, "userVerified", true, "backupEligible", false,
                "backupState", false);
        Map<String, Object> authenticator = Map.of("AAGUID", std.encodeToString(new byte[16]), "signCount", counter,
                "cloneWarning", false, "attachment", "platform");
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", std.encodeToString(credentialId));
        credential.put("publicKey", std.encodeToString(CONVERTER.getCborConverter().writeValueAsBytes(
                EC2COSEKey.create(keys, COSEAlgorithmIdentifier.ES256))));
        credential.put("attestationType", "none");
        credential.put("transport", List.of("internal"));
        credential.put("flags", flags);
        credential.put("authenticator", authenticator);
        return EventJson.MAPPER.writeValueAsString(credential);
    }

    /**
     * This credential as Chrome's virtual authenticator takes it ({@code WebAuthn.addCredential}: a discoverable
     * credential of this relying party, its private key PKCS#8, the user handle it was registered with): so that a
     * browser holds the same passkey ({@link Chromium#addPasskey}).
     */
    public Map<String, Object> asVirtualCredential() {
        Base64.Encoder std = Base64.getEncoder();
        return Map.of("credentialId", std.encodeToString(credentialId), "isResidentCredential", true, "rpId", rpId,
                "privateKey", std.encodeToString(keys.getPrivate().getEncoded()),
                "userHandle", std.encodeToString(userHandle), "signCount", (int) counter);
    }

    /** The body for {@code POST /login/webauthn}, answering {@code /webauthn/authenticate/options}. */
    public String assertion(JsonNode options) {
        counter++;
        byte[] authenticatorData = ByteBuffer.allocate(37).put(Sha256.of(rpId.getBytes(StandardCharsets.UTF_8)))
                .put((byte) (userVerified ? 0x05 : 0x01)).putInt((int) counter).array(); // UP, and UV when verified
        byte[] clientData = clientData("webauthn.get", options);
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(authenticatorData);
            signer.update(Sha256.of(clientData));
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("authenticatorData", b64(authenticatorData));
            response.put("clientDataJSON", b64(clientData));
            response.put("signature", b64(signer.sign()));
            response.put("userHandle", b64(userHandle));
            Map<String, Object> credential = credential();
            credential.put("response", response);
            credential.put("credType", "public-key");
            return EventJson.MAPPER.writeValueAsString(credential);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> credential() {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", id());
        credential.put("rawId", id());
        credential.put("clientExtensionResults", Map.of());
        credential.put("authenticatorAttachment", "platform");
        return credential;
    }

    private byte[] clientData(String type, JsonNode options) {
        return EventJson.MAPPER.writeValueAsString(Map.of("type", type,
                        "challenge", options.get("challenge").asString(), "origin", origin, "crossOrigin", false))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
