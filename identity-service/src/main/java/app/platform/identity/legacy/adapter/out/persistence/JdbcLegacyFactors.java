package app.platform.identity.legacy.adapter.out.persistence;

import app.platform.crypto.Sha256;
import app.platform.identity.legacy.application.LegacyFactorStore;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Supabase's factors staged in {@code legacy_factor}, and made the user's TOTP ({@code two_factor}) or passkey (Spring
 * Security's WebAuthn tables). A GoTrue WebAuthn credential (go-webauthn's JSON: standard base64 of the credential id,
 * its COSE public key and AAGUID, its flags and signature count) is stored as a passkey registered with "none"
 * attestation: Spring verifies a sign-in against the public key of the stored attestation object, so one is written
 * from GoTrue's key, under identity's relying party (the same, or it would not be imported).
 */
@Repository
class JdbcLegacyFactors implements LegacyFactorStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectConverter CONVERTER = new ObjectConverter();
    private final JdbcClient jdbc;
    private final JdbcUserCredentialRepository credentials;
    private final JdbcPublicKeyCredentialUserEntityRepository userEntities;
    private final String rpId;

    JdbcLegacyFactors(JdbcClient jdbc, JdbcTemplate template,
                      @org.springframework.beans.factory.annotation.Value("${identity.passkeys.rp-id}") String rpId) {
        this.jdbc = jdbc;
        this.credentials = new JdbcUserCredentialRepository(template);
        this.userEntities = new JdbcPublicKeyCredentialUserEntityRepository(template);
        this.rpId = rpId;
    }

    @Override
    public Optional<String> stage(Factor f) {
        Optional<String> before = jdbc.sql("SELECT problem FROM legacy_factor WHERE id = :id AND problem IS NOT NULL")
                .param("id", f.id()).query(String.class).optional();
        jdbc.sql("""
                        INSERT INTO legacy_factor (id, user_id, friendly_name, factor_type, status, secret_sealed, credential,
                                                   aaguid, created_at, updated_at)
                        VALUES (:id, :user, :name, :type, :status, :secret, :credential, :aaguid, :created, :updated)
                        ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, friendly_name = EXCLUDED.friendly_name,
                            factor_type = EXCLUDED.factor_type, status = EXCLUDED.status,
                            secret_sealed = EXCLUDED.secret_sealed, credential = EXCLUDED.credential,
                            aaguid = EXCLUDED.aaguid, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
                            -- a factor once carried stays carried (a later change, a challenge's time, changes nothing)
                            problem = CASE WHEN legacy_factor.applied THEN NULL ELSE legacy_factor.problem END""")
                .param("id", f.id()).param("user", f.userId()).param("name", f.friendlyName())
                .param("type", f.type()).param("status", f.status()).param("secret", f.secretSealed())
                .param("credential", f.credential()).param("aaguid", f.aaguid())
                .param("created", JdbcLegacySessionStore.ts(f.createdAt()))
                .param("updated", JdbcLegacySessionStore.ts(f.updatedAt()))
                .update();
        return before;
    }

    @Override
    public Optional<Applied> remove(UUID factorId) {
        return jdbc.sql("DELETE FROM legacy_factor WHERE id = :id RETURNING *").param("id", factorId)
                .query((rs, n) -> new Applied(factor(rs), rs.getBoolean("applied"), rs.getString("credential_id")))
                .optional();
    }

    @Override
    public List<Factor> waiting(UUID userId) {
        return jdbc.sql("SELECT * FROM legacy_factor WHERE user_id = :user AND NOT applied AND problem IS NULL ORDER BY created_at, id")
                .param("user", userId).query((rs, n) -> factor(rs)).list();
    }

    @Override
    public Optional<String> carried(UUID factorId) {
        return jdbc.sql("""
                        SELECT f.factor_type FROM legacy_factor f
                        WHERE f.id = :id AND f.applied
                          AND (f.factor_type <> 'totp' OR EXISTS (SELECT 1 FROM two_factor t
                                   WHERE t.user_id = f.user_id AND t.confirmed_at IS NOT NULL))
                          AND (f.credential_id IS NULL OR EXISTS (SELECT 1 FROM user_credentials c
                                   WHERE c.credential_id = f.credential_id))""")
                .param("id", factorId).query(String.class).optional();
    }

    @Override
    public void applied(UUID factorId, String credentialId) {
        jdbc.sql("UPDATE legacy_factor SET applied = true, problem = NULL, credential_id = :credential WHERE id = :id")
                .param("id", factorId).param("credential", credentialId).update();
    }

    @Override
    public void problem(UUID factorId, String problem) {
        jdbc.sql("UPDATE legacy_factor SET problem = :problem WHERE id = :id").param("id", factorId)
                .param("problem", problem).update();
    }

    @Override
    public boolean userExists(UUID userId) {
        return !jdbc.sql("SELECT 1 FROM users WHERE id = :id").param("id", userId).query().listOfRows().isEmpty();
    }

    @Override
    public boolean enableTotp(UUID userId, byte[] secretSealed, Instant confirmedAt) {
        return jdbc.sql("""
                        INSERT INTO two_factor (user_id, secret_encrypted, confirmed_at) VALUES (:user, :secret, :at)
                        ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = EXCLUDED.secret_encrypted,
                            confirmed_at = EXCLUDED.confirmed_at, last_used_step = 0, failed_attempts = 0, locked_until = NULL
                        WHERE two_factor.confirmed_at IS NULL""")
                .param("user", userId).param("secret", secretSealed).param("at", JdbcLegacySessionStore.ts(confirmedAt))
                .update() == 1;
    }

    @Override
    public String addPasskey(UUID userId, String credential, String label, Instant createdAt) {
        JsonNode c = JSON.readTree(credential);
        byte[] id = Base64.getDecoder().decode(c.path("id").asString());
        byte[] cose = Base64.getDecoder().decode(c.path("publicKey").asString());
        JsonNode flags = c.path("flags");
        JsonNode authenticator = c.path("authenticator");
        byte[] aaguid = authenticator.hasNonNull("AAGUID") ? Base64.getDecoder().decode(authenticator.get("AAGUID").asString())
                : new byte[16];
        long signCount = authenticator.path("signCount").asLong(0);
        boolean uv = flags.path("userVerified").asBoolean(false);
        boolean be = flags.path("backupEligible").asBoolean(false);
        boolean bs = flags.path("backupState").asBoolean(false);
        Set<AuthenticatorTransport> transports = new HashSet<>();
        c.path("transport").forEach(t -> transports.add(AuthenticatorTransport.valueOf(t.asString())));
        byte flagByte = (byte) (0x41 | (uv ? 0x04 : 0) | (be ? 0x08 : 0) | (bs ? 0x10 : 0)); // UP, AT (+ UV, BE, BS)
        AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(Sha256.of(rpId.getBytes(StandardCharsets.UTF_8)), flagByte,
                signCount, new AttestedCredentialData(new AAGUID(aaguid.length == 16 ? aaguid : new byte[16]), id,
                CONVERTER.getCborConverter().readValue(cose, COSEKey.class)));
        byte[] attestation = new AttestationObjectConverter(CONVERTER).convertToBytes(
                new AttestationObject(data, new NoneAttestationStatement()));
        PublicKeyCredentialUserEntity entity = userEntities.findByUsername(userId.toString());
        if (entity == null) {
            entity = ImmutablePublicKeyCredentialUserEntity.builder().name(userId.toString()).id(Bytes.random())
                    .displayName(userId.toString()).build();
            userEntities.save(entity);
        }
        Bytes credentialId = new Bytes(id);
        credentials.save(ImmutableCredentialRecord.builder().credentialType(PublicKeyCredentialType.PUBLIC_KEY)
                .credentialId(credentialId).userEntityUserId(entity.getId()).publicKey(new ImmutablePublicKeyCose(cose))
                .signatureCount(signCount).uvInitialized(uv).backupEligible(be).backupState(bs).transports(transports)
                .label(label).attestationObject(new Bytes(attestation)).created(createdAt).lastUsed(createdAt).build());
        return credentialId.toBase64UrlString();
    }

    private static Factor factor(ResultSet rs) throws SQLException {
        return new Factor(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getString("friendly_name"), rs.getString("factor_type"), rs.getString("status"),
                rs.getBytes("secret_sealed"), rs.getString("credential"), rs.getObject("aaguid", UUID.class),
                JdbcLegacySessionStore.instant(rs, "created_at"), JdbcLegacySessionStore.instant(rs, "updated_at"));
    }
}
