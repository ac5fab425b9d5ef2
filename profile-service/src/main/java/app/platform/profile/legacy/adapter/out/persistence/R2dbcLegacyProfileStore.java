package app.platform.profile.legacy.adapter.out.persistence;

import app.platform.profile.appuser.domain.AppUserStatus;
import app.platform.profile.legacy.application.LegacyProfileImport.LegacyProfileStore;
import app.platform.profile.legacy.application.LegacyProfileImport.Removed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class R2dbcLegacyProfileStore implements LegacyProfileStore {

    private final DatabaseClient db;

    R2dbcLegacyProfileStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<AppUserStatus> linkLegacyId(UUID userId, UUID legacyId, AppUserStatus status, String email, boolean verified) {
        return db.sql("""
                        UPDATE users u SET legacy_id = :legacy, status = :status, email = coalesce(:email, u.email),
                            email_verified = :verified, updated_at = now()
                        FROM (SELECT status FROM users WHERE id = :id FOR UPDATE) before
                        WHERE u.id = :id RETURNING before.status""")
                .bind("legacy", legacyId).bind("status", status.name()).bind("verified", verified).bind("id", userId)
                .bind("email", email == null ? "" : email)
                .map((r, m) -> AppUserStatus.valueOf(r.get(0, String.class))).one();
    }

    @Override
    public Mono<List<String>> upsertProfile(UUID userId, Map<String, String> fields) {
        return db.sql("SELECT display_name, first_name, last_name, avatar_url, bio FROM user_profiles WHERE user_id = :id")
                .bind("id", userId)
                .map((r, m) -> {
                    List<String> changed = new ArrayList<>();
                    fields.forEach((column, value) -> {
                        if (!Objects.equals(r.get(column, String.class), value)) {
                            changed.add(column);
                        }
                    });
                    return changed;
                }).one()
                .defaultIfEmpty(new ArrayList<>(fields.keySet()))
                .flatMap(changed -> changed.isEmpty() ? Mono.just(changed) : db.sql("""
                                INSERT INTO user_profiles (user_id, display_name, first_name, last_name, avatar_url, bio)
                                VALUES (:id, :display_name, :first_name, :last_name, :avatar_url, :bio)
                                ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name,
                                    first_name = excluded.first_name, last_name = excluded.last_name,
                                    avatar_url = excluded.avatar_url, bio = excluded.bio,
                                    version = user_profiles.version + 1, updated_at = now()""")
                        .bind("id", userId)
                        .bind("display_name", text(fields.get("display_name")))
                        .bind("first_name", text(fields.get("first_name")))
                        .bind("last_name", text(fields.get("last_name")))
                        .bind("avatar_url", text(fields.get("avatar_url")))
                        .bind("bio", text(fields.get("bio")))
                        .fetch().rowsUpdated().thenReturn(changed.stream().map(R2dbcLegacyProfileStore::camel).toList()));
    }

    @Override
    public Mono<Boolean> upsertContact(UUID id, UUID userId, String kind, String type, String value, boolean primary,
                                       boolean verified) {
        return db.sql("""
                        INSERT INTO user_contacts (id, user_id, kind, type, value, is_primary, verified)
                        VALUES (:id, :user, :kind, :type, :value, :primary, :verified)
                        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, value = excluded.value,
                            is_primary = excluded.is_primary, verified = excluded.verified, updated_at = now()
                        RETURNING (xmax = 0)""")
                .bind("id", id).bind("user", userId).bind("kind", kind).bind("type", type).bind("value", value)
                .bind("primary", primary).bind("verified", verified)
                .map((r, m) -> Boolean.TRUE.equals(r.get(0, Boolean.class))).one();
    }

    @Override
    public Mono<Removed> removeContact(UUID id) {
        return db.sql("DELETE FROM user_contacts WHERE id = :id RETURNING user_id, kind").bind("id", id)
                .map((r, m) -> new Removed(r.get(0, UUID.class), r.get(1, String.class))).one();
    }

    @Override
    public Mono<Boolean> upsertAddress(UUID id, UUID userId, String type, String line1, String city, String postalCode,
                                       String country) {
        return db.sql("""
                        INSERT INTO user_addresses (id, user_id, type, line1, city, postal_code, country)
                        VALUES (:id, :user, :type, :line1, :city, :postal, :country)
                        ON CONFLICT (id) DO UPDATE SET type = excluded.type, line1 = excluded.line1, city = excluded.city,
                            postal_code = excluded.postal_code, country = excluded.country, updated_at = now()
                        RETURNING (xmax = 0)""")
                .bind("id", id).bind("user", userId).bind("type", type).bind("line1", line1).bind("city", city)
                .bind("postal", text(postalCode)).bind("country", country)
                .map((r, m) -> Boolean.TRUE.equals(r.get(0, Boolean.class))).one();
    }

    @Override
    public Mono<Removed> removeAddress(UUID id) {
        return db.sql("DELETE FROM user_addresses WHERE id = :id RETURNING user_id, type").bind("id", id)
                .map((r, m) -> new Removed(r.get(0, UUID.class), r.get(1, String.class))).one();
    }

    private static org.springframework.r2dbc.core.Parameter text(String value) {
        return org.springframework.r2dbc.core.Parameter.fromOrEmpty(value, String.class);
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char ch : column.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return out.toString();
    }
}
