package app.platform.identity.legacy.application;

import app.platform.crypto.KeyCipher;
import app.platform.crypto.Sha256;
import app.platform.events.EventMetadata;
import app.platform.identity.legacy.domain.SupabaseRefreshToken;
import app.platform.identity.mfa.application.TwoFactor;
import app.platform.identity.session.application.UserSessions;
import app.platform.identity.user.application.UserRepository;
import app.platform.legacy.HashedColumns;
import app.platform.security.LegacyTokenWindow;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Nobody signs in again at the cutover: while the {@link LegacyTokenWindow} is open, a person hands in what their
 * browser holds of a Supabase session, and is signed in here as the same user (the imported id), once per Supabase
 * session, provided the user is here, not banned and not deleted:
 * <ul>
 * <li>a <b>refresh token</b>, imported from {@code auth.refresh_tokens} (its hash) or of GoTrue's second form (signed
 * with its session's key, not in any table): not revoked, its session still there (a sign-out deletes it), its
 * {@code not_after} not passed;</li>
 * <li>an <b>access token</b>: HS256 under the project's secret, issued by the project's Auth ({@code iss}), not
 * expired, audience and role {@code authenticated}, with its {@code session_id}.</li>
 * </ul>
 * The Supabase session's {@code aal2} is kept only when its factor came over ({@link LegacyFactorImport}) and is
 * still the user's: then the sign-in counts that factor too. A session below that of a user with a second step here
 * is refused (the sign-in page asks for the step), as is a session GoTrue's own OAuth server issued to another client
 * ({@code oauth_client_id}, or an access token with {@code client_id}). A session exchanged once is refused after, by either of its tokens, and the platform
 * session it became is revoked, as a refresh token presented twice revokes its session. Refusals never say why.
 */
@Service
public class LegacySessions {

    /**
     * A legacy session accepted: the user, the key it is exchanged once under, its second factor if kept, and when the
     * user signed in to Supabase: the session's start, or the epoch when it is not known (never a recent sign-in: an
     * exchanged session passes no step-up or re-authentication by recency).
     */
    public record Accepted(UUID userId, String sessionKey, String secondFactor, Instant signedInAt) {
    }

    private final UserRepository users;
    private final LegacySessionStore store;
    private final LegacyFactorStore factors;
    private final UserSessions sessions;
    private final TwoFactor twoFactor;
    private final KeyCipher cipher;
    private final Clock clock;
    private final LegacyTokenWindow window;
    private final byte[] secret;

    public LegacySessions(UserRepository users, LegacySessionStore store, LegacyFactorStore factors,
                          UserSessions sessions, TwoFactor twoFactor, KeyCipher cipher, Clock clock,
                          LegacyTokenWindow window) {
        this.users = users;
        this.store = store;
        this.factors = factors;
        this.sessions = sessions;
        this.twoFactor = twoFactor;
        this.cipher = cipher;
        this.clock = clock;
        this.window = window;
        this.secret = window.jwtSecret().getBytes(StandardCharsets.UTF_8);
    }

    /** A Supabase refresh token, accepted once; empty when refused. */
    @Transactional
    public Optional<Accepted> refreshToken(String token) {
        if (token == null || token.isBlank() || !window.open(clock.instant())) {
            return Optional.empty();
        }
        Optional<LegacySessionStore.Session> session = SupabaseRefreshToken.parse(token)
                .flatMap(signed -> store.session(signed.sessionId()).filter(s -> signedBy(signed, s)))
                .or(() -> store.refreshToken(HashedColumns.hash(token)).filter(t -> !t.revoked())
                        .flatMap(t -> Optional.ofNullable(t.sessionId()).flatMap(store::session)
                                .filter(s -> s.userId().toString().equals(t.userId()))));
        return session.filter(this::usable).flatMap(s -> once(s.userId(), s.id().toString(), Optional.of(s)));
    }

    /** A Supabase access token, accepted once per session; empty when refused. */
    @Transactional
    public Optional<Accepted> accessToken(String token) {
        Instant now = clock.instant();
        if (token == null || !window.open(now)) {
            return Optional.empty();
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(secret))) {
                return Optional.empty();
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
        if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)
                || claims.getAudience() == null || !claims.getAudience().contains("authenticated")
                || !"authenticated".equals(claims.getClaim("role")) || !window.issuer().equals(claims.getIssuer())
                || !(claims.getClaim("session_id") instanceof String session) || session.isBlank()
                || claims.getClaim("client_id") != null) { // a token of GoTrue's OAuth server, for another client
            return Optional.empty();
        }
        UUID user;
        try {
            user = UUID.fromString(claims.getSubject());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Optional<LegacySessionStore.Session> imported;
        try {
            imported = store.session(UUID.fromString(session));
        } catch (IllegalArgumentException e) {
            imported = Optional.empty();
        }
        // the session, where imported, must be this user's and usable; a session deleted since (a sign-out) leaves
        // its access tokens valid until they expire, in Supabase as here
        if (imported.isPresent() && !(imported.get().userId().equals(user) && usable(imported.get()))) {
            return Optional.empty();
        }
        return once(user, session, imported);
    }

    /** The platform session (authorization) an accepted legacy session became. */
    @Transactional
    public void became(Accepted accepted, String authorizationId) {
        store.exchangedFor(accepted.sessionKey(), authorizationId);
    }

    /**
     * Accepted for an active user, the first time only; the second time, whatever the first became is revoked.
     */
    private Optional<Accepted> once(UUID user, String session, Optional<LegacySessionStore.Session> imported) {
        // the sign-in and its second step happened at the session's start at the latest (when it reached aal2 is not
        // kept): never now, which would pass a step-up or a re-authentication with a session weeks old
        Instant at = imported.map(LegacySessionStore.Session::createdAt).orElse(Instant.EPOCH);
        // a session begun before every session of the user was ended here (a password reset, "sign out everywhere")
        // ended with them
        if (!users.isActive(user) || store.endedSince(user, at)) {
            return Optional.empty();
        }
        String key = Sha256.hex(user + "|" + session);
        if (!store.firstExchange(key, user)) {
            store.exchangedFor(key).ifPresent(authorization -> sessions.revoke(user, authorization, null,
                    "legacy_token_reuse", new EventMetadata(null, EventMetadata.SYSTEM)));
            return Optional.empty();
        }
        Optional<String> factor = imported.filter(s -> "aal2".equals(s.aal()) && s.factorId() != null)
                .flatMap(s -> factors.carried(s.factorId()));
        if (factor.isEmpty() && twoFactor.enabled(user)) {
            return Optional.empty(); // an aal1 session of a user with a second step: the sign-in page asks for it
        }
        return Optional.of(new Accepted(user, key, factor.orElse(null), at));
    }

    /**
     * A session a token may still be exchanged for: within its {@code not_after}, and a session of the app itself, not
     * one GoTrue's own OAuth server issued to another client.
     */
    private boolean usable(LegacySessionStore.Session session) {
        return (session.notAfter() == null || session.notAfter().isAfter(clock.instant()))
                && session.oauthClientId() == null;
    }

    private boolean signedBy(SupabaseRefreshToken token, LegacySessionStore.Session session) {
        return session.hmacKeySealed() != null && session.refreshTokenCounter() != null
                && token.current(session.refreshTokenCounter())
                && token.signedWith(new String(cipher.decrypt(session.hmacKeySealed()), StandardCharsets.UTF_8));
    }
}
