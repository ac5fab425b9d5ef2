package app.platform.membership.kyc.adapter.out.persistence;

import app.platform.membership.kyc.application.VerificationStore;
import app.platform.runtime.Times;
import app.platform.events.EventJson;
import app.platform.membership.kyc.application.Verifications;
import app.platform.membership.kyc.domain.KycDocument;
import app.platform.membership.kyc.domain.KycStatus;
import io.r2dbc.spi.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcVerificationStore implements VerificationStore {

    private static final String SELECT = "SELECT user_id, status, documents::text AS documents, reason, submitted_at, "
            + "reviewed_at, expires_at FROM kyc_verification ";
    private final DatabaseClient db;

    R2dbcVerificationStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Verifications.Verification> forUpdate(UUID userId) {
        return db.sql("INSERT INTO kyc_verification (user_id, status) VALUES (:user, 'not_started') ON CONFLICT DO NOTHING")
                .bind("user", userId).then()
                .then(db.sql(SELECT + "WHERE user_id = :user FOR UPDATE").bind("user", userId)
                        .map((row, meta) -> verification(row)).one());
    }

    @Override
    public Mono<Verifications.Verification> find(UUID userId) {
        return db.sql(SELECT + "WHERE user_id = :user").bind("user", userId).map((row, meta) -> verification(row)).one()
                .defaultIfEmpty(new Verifications.Verification(userId, KycStatus.NOT_STARTED, List.of(), null, null, null, null));
    }

    @Override
    public Mono<Void> save(Verifications.Verification v, UUID reviewer) {
        var update = db.sql("""
                        UPDATE kyc_verification SET status = :status, documents = CAST(:documents AS jsonb), reason = :reason,
                            submitted_at = :submitted, reviewed_at = :reviewed, reviewed_by = :reviewer, expires_at = :expires,
                            updated_at = now()
                        WHERE user_id = :user""")
                .bind("status", v.status().value()).bind("documents", EventJson.MAPPER.writeValueAsString(v.documents()))
                .bind("user", v.userId());
        update = v.reason() == null ? update.bindNull("reason", String.class) : update.bind("reason", v.reason());
        update = bindTime(update, "submitted", v.submittedAt());
        update = bindTime(update, "reviewed", v.reviewedAt());
        update = bindTime(update, "expires", v.expiresAt());
        update = reviewer == null ? update.bindNull("reviewer", UUID.class) : update.bind("reviewer", reviewer);
        return update.then();
    }

    @Override
    public Flux<Verifications.Verification> withStatus(KycStatus status) {
        return db.sql(SELECT + "WHERE status = :status ORDER BY submitted_at").bind("status", status.value())
                .map((row, meta) -> verification(row)).all();
    }

    private static DatabaseClient.GenericExecuteSpec bindTime(DatabaseClient.GenericExecuteSpec spec, String name, Instant at) {
        return at == null ? spec.bindNull(name, OffsetDateTime.class) : spec.bind(name, Times.utc(at));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime t = row.get(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** As stored: documents are rebuilt without the submission's rules (what they lack shows as {@code missing}). */
    private static Verifications.Verification verification(Row row) {
        KycDocument[] documents = EventJson.MAPPER.readValue(row.get("documents", String.class), KycDocument[].class);
        return new Verifications.Verification(row.get("user_id", UUID.class), KycStatus.of(row.get("status", String.class)),
                Arrays.asList(documents), row.get("reason", String.class), instant(row, "submitted_at"),
                instant(row, "reviewed_at"), instant(row, "expires_at"));
    }
}
