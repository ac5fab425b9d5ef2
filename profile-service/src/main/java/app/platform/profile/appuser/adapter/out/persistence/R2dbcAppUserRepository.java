package app.platform.profile.appuser.adapter.out.persistence;

import app.platform.runtime.Times;
import app.platform.profile.appuser.application.AppUserRepository;
import app.platform.profile.appuser.domain.AppUser;
import app.platform.profile.appuser.domain.AppUserStatus;
import app.platform.profile.appuser.domain.Holds;
import io.r2dbc.spi.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcAppUserRepository implements AppUserRepository {

    /** The rows every app user has from the start: an empty profile and each settings category's defaults. */
    private static final List<String> DEFAULT_ROWS = List.of("user_profiles", "user_settings", "user_security_settings",
            "user_notification_preferences", "user_payment_settings", "user_privacy_settings", "user_appearance_settings");
    private final DatabaseClient db;

    R2dbcAppUserRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The app user and, only when it is new, its default rows, in one statement (a data-modifying CTE each): it ran a
     * statement each, eight round trips per app user made, at every sign-up and every imported legacy user.
     */
    private static final String CREATE_WITH_DEFAULTS = """
            WITH app_user AS (
                INSERT INTO users (id, auth_user_id, email, email_verified, status, banned, suspended_by_operator,
                    created_at, updated_at)
                VALUES (:id, :auth, :email, :verified, :status, :banned, :byOperator, :at, :at)
                ON CONFLICT (auth_user_id) DO NOTHING
                RETURNING id)""" + DEFAULT_ROWS.stream().map(table -> """
            ,
            made_%s AS (INSERT INTO %s (user_id) SELECT id FROM app_user ON CONFLICT DO NOTHING)""".formatted(table, table))
            .collect(java.util.stream.Collectors.joining()) + """

            SELECT count(*) AS made FROM app_user""";

    @Override
    public Mono<Boolean> createWithDefaults(AppUser user) {
        return db.sql(CREATE_WITH_DEFAULTS)
                .bind("id", user.id())
                .bind("auth", user.authUserId())
                .bind("email", user.email() == null ? "" : user.email())
                .bind("verified", user.emailVerified())
                .bind("status", user.status().name())
                .bind("banned", user.holds().banned())
                .bind("byOperator", user.holds().byOperator())
                .bind("at", Times.utc(user.createdAt()))
                .map((row, meta) -> row.get("made", Long.class) == 1).one();
    }

    @Override
    public Mono<AppUserView> findByAuthUserId(UUID authUserId) {
        return db.sql("""
                        SELECT u.id, u.auth_user_id, u.email, u.email_verified, u.status, u.banned,
                               u.suspended_by_operator, u.created_at, p.display_name, p.locale, coalesce(s.settings->>'timeZone', 'UTC') AS time_zone
                        FROM users u
                        LEFT JOIN user_profiles p ON p.user_id = u.id
                        LEFT JOIN user_settings s ON s.user_id = u.id
                        WHERE u.auth_user_id = :auth""")
                .bind("auth", authUserId)
                .map((row, meta) -> new AppUserView(user(row), row.get("display_name", String.class),
                        row.get("locale", String.class), row.get("time_zone", String.class)))
                .one();
    }

    @Override
    public Mono<Locked> findForUpdate(UUID appUserId) {
        return db.sql("""
                        SELECT id, auth_user_id, email, email_verified, status, banned, suspended_by_operator, created_at,
                               erased_at IS NOT NULL AS erased
                        FROM users WHERE id = :id FOR UPDATE""")
                .bind("id", appUserId)
                .map((row, meta) -> new Locked(user(row), Boolean.TRUE.equals(row.get("erased", Boolean.class)))).one();
    }

    private static AppUser user(Row row) {
        return new AppUser(row.get("id", UUID.class), row.get("auth_user_id", UUID.class), row.get("email", String.class),
                Boolean.TRUE.equals(row.get("email_verified", Boolean.class)),
                AppUserStatus.valueOf(row.get("status", String.class)),
                new Holds(Boolean.TRUE.equals(row.get("banned", Boolean.class)),
                        Boolean.TRUE.equals(row.get("suspended_by_operator", Boolean.class))),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }

    @Override
    public Mono<Void> updateStatus(UUID appUserId, AppUserStatus status, boolean emailVerified, Holds holds) {
        return db.sql("""
                        UPDATE users SET status = :status, email_verified = :verified, banned = :banned,
                            suspended_by_operator = :byOperator, updated_at = now() WHERE id = :id""")
                .bind("status", status.name()).bind("verified", emailVerified).bind("banned", holds.banned())
                .bind("byOperator", holds.byOperator()).bind("id", appUserId)
                .then();
    }

    @Override
    public Mono<Void> updateEmail(UUID appUserId, String email) {
        return db.sql("UPDATE users SET email = :email, updated_at = now() WHERE id = :id")
                .bind("email", email).bind("id", appUserId)
                .then();
    }

    @Override
    public Mono<Void> erasePersonalData(UUID appUserId) {
        return Flux.concat(
                db.sql("DELETE FROM user_contacts WHERE user_id = :id").bind("id", appUserId).then(),
                db.sql("DELETE FROM user_addresses WHERE user_id = :id").bind("id", appUserId).then(),
                db.sql("""
                                UPDATE user_profiles SET display_name = NULL, first_name = NULL, last_name = NULL,
                                    date_of_birth = NULL, avatar_url = NULL, bio = NULL, locale = NULL, time_zone = NULL,
                                    version = version + 1, updated_at = now() WHERE user_id = :id""")
                        .bind("id", appUserId).then(),
                Flux.fromIterable(DEFAULT_ROWS.subList(1, DEFAULT_ROWS.size())).concatMap(table -> db.sql(
                        "UPDATE " + table + " SET settings = '{}', version = version + 1, updated_at = now() WHERE user_id = :id")
                        .bind("id", appUserId).then()).then(),
                db.sql("""
                                UPDATE users SET email = '', email_verified = false, status = 'Closed', erased_at = now(),
                                    updated_at = now() WHERE id = :id""")
                        .bind("id", appUserId).then())
                .then();
    }

    @Override
    public Flux<UUID> existing(List<UUID> authUserIds) {
        return authUserIds.isEmpty() ? Flux.empty()
                : db.sql("SELECT auth_user_id FROM users WHERE auth_user_id = ANY(:ids)")
                        .bind("ids", authUserIds.toArray(UUID[]::new))
                        .map((row, meta) -> row.get("auth_user_id", UUID.class)).all();
    }
}
