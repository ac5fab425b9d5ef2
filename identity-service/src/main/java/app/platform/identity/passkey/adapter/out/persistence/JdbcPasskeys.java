package app.platform.identity.passkey.adapter.out.persistence;

import app.platform.identity.passkey.application.PasskeyStore;
import app.platform.events.EventMetadata;
import app.platform.events.identity.PasskeyRegistered;
import app.platform.events.identity.PasskeyRemoved;
import app.platform.identity.passkey.application.Passkeys;
import app.platform.identity.passkey.domain.SignatureCounter;
import app.platform.outbox.JdbcOutbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Passkeys in Spring Security's WebAuthn tables. Spring's endpoints store through this {@link
 * UserCredentialRepository}: a new credential is stored with {@code PasskeyRegistered} in one transaction, a
 * sign-in's new signature count and last use are plain updates, and a delete publishes {@code PasskeyRemoved}.
 */
@Repository
class JdbcPasskeys implements PasskeyStore, UserCredentialRepository {

    private final JdbcClient jdbc;
    private final JdbcUserCredentialRepository credentials;
    private final TransactionTemplate tx;
    private final JdbcOutbox outbox;
    private final Clock clock;

    JdbcPasskeys(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx, JdbcOutbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.credentials = new JdbcUserCredentialRepository(template);
        this.tx = tx;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Also where a passkey sign-in is refused if the signature count did not grow: Spring Security (7.0) checks the
     * count against the one in the registration's attestation, not against the stored, last seen one. The stored row is
     * locked first, so two sign-ins of one count at once (a cloned authenticator) cannot both see the count before it.
     */
    @Override
    public void save(CredentialRecord record) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("SELECT 1 FROM user_credentials WHERE credential_id = :id FOR UPDATE")
                    .param("id", record.getCredentialId().toBase64UrlString()).query(Integer.class).optional();
            CredentialRecord stored = credentials.findByCredentialId(record.getCredentialId());
            boolean isNew = stored == null;
            if (!isNew && !SignatureCounter.acceptable(stored.getSignatureCount(), record.getSignatureCount())) {
                throw new BadCredentialsException("the passkey's signature count did not grow: a cloned authenticator?");
            }
            credentials.save(record);
            if (isNew) {
                UUID userId = owner(record.getUserEntityUserId());
                outbox.append(new PasskeyRegistered(userId, record.getCredentialId().toBase64UrlString(),
                        record.getLabel(), clock.instant(), false), EventMetadata.ofUser(null, userId));
            }
        });
    }

    @Override
    public void delete(Bytes credentialId) {
        tx.executeWithoutResult(s -> {
            CredentialRecord record = credentials.findByCredentialId(credentialId);
            if (record != null) {
                UUID userId = owner(record.getUserEntityUserId());
                credentials.delete(credentialId);
                outbox.append(new PasskeyRemoved(userId, credentialId.toBase64UrlString(), clock.instant()),
                        EventMetadata.ofUser(null, userId));
            }
        });
    }

    @Override
    public CredentialRecord findByCredentialId(Bytes credentialId) {
        return credentials.findByCredentialId(credentialId);
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        return credentials.findByUserId(userId);
    }

    private UUID owner(Bytes userEntityId) {
        return jdbc.sql("SELECT name FROM user_entities WHERE id = :id").param("id", userEntityId.toBase64UrlString())
                .query(String.class).optional().map(UUID::fromString)
                .orElseThrow(() -> new IllegalStateException("a passkey without its user entity"));
    }

    @Override
    public List<Passkeys.Passkey> list(UUID userId) {
        return jdbc.sql("""
                        SELECT c.credential_id, c.label, c.created, c.last_used, coalesce(c.signature_count, 0), c.backup_state
                        FROM user_credentials c JOIN user_entities e ON e.id = c.user_entity_user_id
                        WHERE e.name = :user ORDER BY c.created""")
                .param("user", userId.toString())
                .query((rs, n) -> new Passkeys.Passkey(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4)), rs.getLong(5), rs.getBoolean(6)))
                .list();
    }

    @Override
    public boolean rename(UUID userId, String credentialId, String label) {
        return jdbc.sql("""
                        UPDATE user_credentials c SET label = :label FROM user_entities e
                        WHERE e.id = c.user_entity_user_id AND e.name = :user AND c.credential_id = :id""")
                .param("label", label).param("user", userId.toString()).param("id", credentialId).update() == 1;
    }

    @Override
    public boolean delete(UUID userId, String credentialId) {
        return jdbc.sql("""
                        DELETE FROM user_credentials c USING user_entities e
                        WHERE e.id = c.user_entity_user_id AND e.name = :user AND c.credential_id = :id""")
                .param("user", userId.toString()).param("id", credentialId).update() == 1;
    }

    @Override
    public List<String> deleteAll(UUID userId) {
        return jdbc.sql("""
                        DELETE FROM user_credentials c USING user_entities e
                        WHERE e.id = c.user_entity_user_id AND e.name = :user RETURNING c.credential_id""")
                .param("user", userId.toString()).query(String.class).list();
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
