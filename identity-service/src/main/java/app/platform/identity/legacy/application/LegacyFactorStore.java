package app.platform.identity.legacy.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The persistence port of the imported Supabase second factors ({@code auth.mfa_factors}): each staged as it came
 * (a TOTP secret sealed), then made the user's TOTP or passkey here once the user is here.
 */
public interface LegacyFactorStore {

    /** A factor as staged: {@code secretSealed} a TOTP secret's raw bytes sealed; {@code credential} GoTrue's JSON. */
    record Factor(UUID id, UUID userId, String friendlyName, String type, String status, byte[] secretSealed,
                  String credential, UUID aaguid, Instant createdAt, Instant updatedAt) {
    }

    /** Stages (or restages) a factor, not applied; returns the problem recorded of it before, if any. */
    Optional<String> stage(Factor factor);

    /** Forgets a staged factor; returns it, with the passkey it became ({@code credentialId}) if any. */
    Optional<Applied> remove(UUID factorId);

    record Applied(Factor factor, boolean applied, String credentialId) {
    }

    /** The user's staged factors not yet applied and without a problem. */
    List<Factor> waiting(UUID userId);

    /** The type of the factor if it is the user's TOTP or passkey here by now (and still is). */
    Optional<String> carried(UUID factorId);

    void applied(UUID factorId, String credentialId);

    void problem(UUID factorId, String problem);

    boolean userExists(UUID userId);

    /** Makes the secret the user's confirmed TOTP; false if the user has one already. */
    boolean enableTotp(UUID userId, byte[] secretSealed, Instant confirmedAt);

    /** Makes GoTrue's WebAuthn credential (its JSON) one of the user's passkeys; returns its id (base64url). */
    String addPasskey(UUID userId, String credential, String label, Instant createdAt);
}
