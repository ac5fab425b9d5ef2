package app.platform.profile.settings.adapter.out.persistence;

import app.platform.profile.settings.application.SettingsStore;
import app.platform.events.EventJson;
import app.platform.profile.settings.application.Settings;
import app.platform.profile.settings.domain.SettingsCategory;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** One row per user and category: a JSON document of the changed keys (defaults are the domain's) and a version. */
@Repository
class R2dbcSettingsStore implements SettingsStore {

    private final DatabaseClient db;

    R2dbcSettingsStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Mono<Settings.CategoryView> read(UUID userId, SettingsCategory category) {
        return db.sql("SELECT settings::text AS settings, version FROM " + category.table() + " WHERE user_id = :id")
                .bind("id", userId)
                .map((row, meta) -> new Settings.CategoryView(category,
                        EventJson.MAPPER.readValue(row.get("settings", String.class), Map.class),
                        row.get("version", Integer.class)))
                .one();
    }

    @Override
    public Mono<Integer> merge(UUID userId, SettingsCategory category, Map<String, Object> change, Integer expected) {
        var update = db.sql("UPDATE " + category.table() + " SET settings = settings || CAST(:change AS jsonb), "
                        + "version = version + 1, updated_at = now() WHERE user_id = :id"
                        + (expected == null ? "" : " AND version = :expected") + " RETURNING version")
                .bind("change", EventJson.MAPPER.writeValueAsString(change)).bind("id", userId);
        if (expected != null) {
            update = update.bind("expected", expected);
        }
        return update.map((row, meta) -> row.get("version", Integer.class)).one();
    }

    @Override
    public Mono<Void> setTwoFactor(UUID userId, boolean enabled) {
        return db.sql("""
                        UPDATE user_security_settings SET settings = settings || jsonb_build_object('twoFactorEnabled', :on),
                            version = version + 1, updated_at = now() WHERE user_id = :id""")
                .bind("on", enabled).bind("id", userId).then();
    }

    @Override
    public Mono<Void> addPasskeys(UUID userId, int delta) {
        return db.sql("""
                        UPDATE user_security_settings SET settings = settings || jsonb_build_object('passkeys',
                            greatest(coalesce((settings->>'passkeys')::int, 0) + :delta, 0)),
                            version = version + 1, updated_at = now() WHERE user_id = :id""")
                .bind("delta", delta).bind("id", userId).then();
    }
}
