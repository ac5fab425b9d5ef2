package app.platform.profile.details.adapter.out.persistence;

import app.platform.profile.details.application.ProfileStore;
import app.platform.profile.details.application.ProfileDetails;
import app.platform.profile.details.domain.ProfileField;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class R2dbcProfileStore implements ProfileStore {

    private final DatabaseClient db;

    R2dbcProfileStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<ProfileDetails.Profile> read(UUID userId) {
        return db.sql("SELECT * FROM user_profiles WHERE user_id = :id").bind("id", userId)
                .map((row, meta) -> {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    for (ProfileField f : ProfileField.values()) {
                        Object value = row.get(f.column());
                        fields.put(f.key(), value instanceof LocalDate d ? d.toString() : value);
                    }
                    return new ProfileDetails.Profile(fields, row.get("version", Integer.class));
                })
                .one();
    }

    @Override
    public Mono<Integer> update(UUID userId, Map<ProfileField, Object> change, Integer expected) {
        String sets = change.keySet().stream().map(f -> f.column() + " = :" + f.column()).collect(Collectors.joining(", "));
        var update = db.sql("UPDATE user_profiles SET " + sets + ", version = version + 1, updated_at = now() "
                + "WHERE user_id = :id" + (expected == null ? "" : " AND version = :expected") + " RETURNING version")
                .bind("id", userId);
        for (var entry : change.entrySet()) {
            Class<?> type = entry.getKey() == ProfileField.DATE_OF_BIRTH ? LocalDate.class : String.class;
            update = entry.getValue() == null ? update.bindNull(entry.getKey().column(), type)
                    : update.bind(entry.getKey().column(), entry.getValue());
        }
        if (expected != null) {
            update = update.bind("expected", expected);
        }
        return update.map((row, meta) -> row.get("version", Integer.class)).one();
    }
}
