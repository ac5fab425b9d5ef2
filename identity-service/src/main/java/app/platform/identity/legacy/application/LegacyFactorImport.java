package app.platform.identity.legacy.application;

import app.platform.crypto.KeyCipher;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.identity.PasskeyRegistered;
import app.platform.events.identity.TwoFactorDisabled;
import app.platform.events.identity.TwoFactorEnabled;
import app.platform.identity.legacy.application.LegacyFactorStore.Factor;
import app.platform.identity.legacy.domain.GoTrueSecrets;
import app.platform.identity.mfa.application.SecondFactorStore;
import app.platform.identity.mfa.domain.Totp;
import app.platform.identity.passkey.application.Passkeys;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.verification.application.OutgoingMail;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Imports Supabase's second factors ({@code auth.mfa_factors}), so that nobody enrols again: a verified TOTP factor
 * becomes the user's TOTP here (its secret opened with the project's keys if GoTrue encrypted it, sealed under
 * identity's key); a verified WebAuthn factor becomes one of the user's passkeys when the project's relying party is
 * identity's ({@code identity.passkeys.rp-id}), so the same authenticator keeps working. Each is announced
 * ({@code TwoFactorEnabled}, {@code PasskeyRegistered}, {@code imported=true}; profile's security settings follow).
 * A factor that arrives before its user waits for it ({@link #userArrived}). One that cannot come over (a secret no
 * configured key opens, another relying party, a phone factor) is reported, and its user told by mail to set up
 * two-step sign-in again. Unverified factors (an enrolment never finished) are not carried.
 */
@Service
public class LegacyFactorImport {

    /** What {@link #carriable} names a verified factor that comes over with. */
    public static final String CARRIED = "verified";

    private final LegacyFactorStore store;
    private final GoTrueSecrets secrets;
    private final KeyCipher cipher;
    private final LegacyImportSettings settings;
    private final String rpId;
    private final UserRepository users;
    private final SecondFactorStore secondFactors;
    private final Passkeys passkeys;
    private final OutgoingMail mail;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public LegacyFactorImport(LegacyFactorStore store, GoTrueSecrets secrets, KeyCipher cipher,
                              LegacyImportSettings settings, @Value("${identity.passkeys.rp-id}") String rpId,
                              UserRepository users, SecondFactorStore secondFactors, Passkeys passkeys,
                              OutgoingMail mail, JdbcOutbox outbox, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.cipher = cipher;
        this.settings = settings;
        this.rpId = rpId;
        this.users = users;
        this.secondFactors = secondFactors;
        this.passkeys = passkeys;
        this.mail = mail;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The ledger's translation of a change of {@code auth.mfa_factors}, in its transaction. */
    public Outcome apply(LegacyChange change) {
        UUID id = UUID.fromString(change.id());
        if (change.deleted()) {
            store.remove(id).filter(LegacyFactorStore.Applied::applied).ifPresent(this::undo);
            return Outcome.done();
        }
        JsonNode row = change.row();
        String type = LegacyChange.text(row, "factor_type");
        String secret = LegacyChange.text(row, "secret");
        byte[] sealed = "totp".equals(type) ? secret(secret, id).map(cipher::encrypt).orElse(null) : null;
        String aaguid = LegacyChange.text(row, "web_authn_aaguid");
        Factor factor = new Factor(id, UUID.fromString(row.path("user_id").asString()),
                LegacyChange.text(row, "friendly_name"), type, LegacyChange.text(row, "status"), sealed,
                LegacyChange.text(row, "web_authn_credential"), aaguid == null ? null : UUID.fromString(aaguid),
                LegacyChange.time(row, "created_at"), LegacyChange.time(row, "updated_at"));
        boolean carried = store.carried(id).isPresent();
        Optional<String> before = store.stage(factor);
        if (carried || !store.userExists(factor.userId())) {
            // carried once (a later change, a challenge's time, a re-snapshot changes nothing: what the user did with
            // it here stands), or applied when the user arrives
            return Outcome.done();
        }
        return carry(factor, before);
    }

    /**
     * The user's factors that came before the user, applied now (in the import of the user's row); one that cannot be
     * read (a malformed credential) is reported as its own problem, never holding up the user's import.
     */
    public void userArrived(UUID userId) {
        for (Factor factor : store.waiting(userId)) {
            try {
                carry(factor, Optional.empty());
            } catch (DataAccessException e) {
                throw e;
            } catch (RuntimeException malformed) {
                store.problem(factor.id(), "a factor that cannot be read (" + malformed.getClass().getSimpleName() + ")");
            }
        }
    }

    /**
     * Whether a factor as GoTrue holds it comes over: {@link #CARRIED}, or why not (the rule of the import and of the
     * verification's expectation alike). {@code secretOpens}: its TOTP secret is plain or a configured key opens it.
     */
    public String carriable(String type, String status, boolean secretOpens) {
        if (!"verified".equals(status)) {
            return "unverified";
        }
        return switch (type == null ? "" : type) {
            case "totp" -> secretOpens ? CARRIED : "TOTP secret encrypted by Supabase (no key opens it) or malformed";
            case "webauthn" -> settings.webauthnRpId().equals(rpId) ? CARRIED
                    : "WebAuthn factor of another relying party (LEGACY_WEBAUTHN_RP_ID is not identity's rp-id)";
            default -> "factor type " + type + " is not offered here";
        };
    }

    /** Whether the TOTP secret of a {@code auth.mfa_factors} row opens (is plain, or a configured key opens it). */
    public boolean secretOpens(JsonNode row) {
        return secret(LegacyChange.text(row, "secret"), UUID.fromString(row.path("id").asString())).isPresent();
    }

    /** A TOTP secret's bytes: GoTrue's base32 text, opened first if encrypted; empty if it does not open or decode. */
    private Optional<byte[]> secret(String stored, UUID factorId) {
        try {
            return stored == null ? Optional.empty() : secrets.open(stored, factorId).map(Totp::fromBase32);
        } catch (IllegalArgumentException notBase32) {
            return Optional.empty();
        }
    }

    private Outcome carry(Factor factor, Optional<String> reportedBefore) {
        String rule = carriable(factor.type(), factor.status(), factor.secretSealed() != null);
        if ("unverified".equals(rule)) {
            return Outcome.done();
        }
        if (!CARRIED.equals(rule)) {
            store.problem(factor.id(), rule);
            if (reportedBefore.isEmpty()) {
                users.emailOf(factor.userId()).ifPresent(to -> mail.afterCommit(to, "Set up two-step sign-in again",
                        "We moved your account to our new sign-in. Your " + ("webauthn".equals(factor.type())
                                ? "security key" : "two-step sign-in") + " could not come with it, so please set it "
                                + "up again after you sign in:\n\n" + mail.link("/account")));
            }
            return new Outcome(true, null, rule + ": not carried, its user was asked to enrol again");
        }
        Instant at = factor.updatedAt() == null ? clock.instant() : factor.updatedAt();
        EventMetadata imported = new EventMetadata(null, "legacy-import");
        if ("totp".equals(factor.type())) {
            if (!store.enableTotp(factor.userId(), factor.secretSealed(), at)) {
                store.problem(factor.id(), "the user has set up TOTP here already");
                return new Outcome(true, null, "the user has set up TOTP here already: this one is not carried");
            }
            store.applied(factor.id(), null);
            outbox.append(new TwoFactorEnabled(factor.userId(), "totp", at, true), imported);
        } else {
            String label = factor.friendlyName() == null || factor.friendlyName().isBlank() ? "Security key"
                    : factor.friendlyName();
            String credentialId = store.addPasskey(factor.userId(), factor.credential(), label,
                    factor.createdAt() == null ? at : factor.createdAt());
            store.applied(factor.id(), credentialId);
            outbox.append(new PasskeyRegistered(factor.userId(), credentialId, label, at, true), imported);
        }
        return Outcome.done();
    }

    /**
     * A carried factor deleted in Supabase during the cutover: gone here too, while it is still the one carried (a
     * passkey the user removed here, or a TOTP the user replaced here, is left as the user left it).
     */
    private void undo(LegacyFactorStore.Applied applied) {
        UUID user = applied.factor().userId();
        EventMetadata imported = new EventMetadata(null, "legacy-import");
        if (applied.credentialId() != null) {
            try {
                passkeys.delete(user, applied.credentialId(), imported);
            } catch (NotFound removedHere) {
                // nothing left to remove
            }
        } else if (applied.factor().secretSealed() != null && secondFactors.totp(user).filter(t -> java.util.Arrays.equals(
                cipher.decrypt(t.secretEncrypted()), cipher.decrypt(applied.factor().secretSealed()))).isPresent()) {
            secondFactors.delete(user);
            outbox.append(new TwoFactorDisabled(user, "totp", clock.instant()), imported);
        }
    }
}
