package app.platform.membership.dispute.adapter.out.persistence;

import app.platform.membership.dispute.application.DisputeStore;
import app.platform.runtime.Times;
import app.platform.events.EventJson;
import app.platform.membership.dispute.application.Disputes;
import app.platform.membership.dispute.domain.DisputeStatus;
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
class R2dbcDisputeStore implements DisputeStore {

    private static final String SELECT = "SELECT id, user_id, subject_type, subject_id, status, messages::text AS messages, "
            + "opened_at, resolved_at FROM disputes ";
    private final DatabaseClient db;

    R2dbcDisputeStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Boolean> ownsSubject(UUID userId, String subjectType, UUID subjectId) {
        String table = subjectType.equals("payout") ? "payout_management" : "user_memberships";
        return db.sql("SELECT count(*) AS n FROM " + table + " WHERE id = :id AND user_id = :user")
                .bind("id", subjectId).bind("user", userId).map((row, meta) -> row.get("n", Long.class) > 0).one();
    }

    @Override
    public Mono<Void> insert(Disputes.Dispute d) {
        return db.sql("""
                        INSERT INTO disputes (id, user_id, subject_type, subject_id, status, messages, opened_at)
                        VALUES (:id, :user, :type, :subject, 'open', CAST(:messages AS jsonb), :at)""")
                .bind("id", d.id()).bind("user", d.userId()).bind("type", d.subjectType()).bind("subject", d.subjectId())
                .bind("messages", EventJson.MAPPER.writeValueAsString(d.messages())).bind("at", time(d.openedAt())).then();
    }

    @Override
    public Mono<Disputes.Dispute> forUpdate(UUID id, UUID userIdOrNull) {
        var select = db.sql(SELECT + "WHERE id = :id" + (userIdOrNull == null ? "" : " AND user_id = :user") + " FOR UPDATE")
                .bind("id", id);
        if (userIdOrNull != null) {
            select = select.bind("user", userIdOrNull);
        }
        return select.map((row, meta) -> dispute(row)).one();
    }

    @Override
    public Mono<Void> addMessage(UUID id, Disputes.Message message) {
        return db.sql("UPDATE disputes SET messages = messages || CAST(:message AS jsonb) WHERE id = :id")
                .bind("message", EventJson.MAPPER.writeValueAsString(List.of(message))).bind("id", id).then();
    }

    @Override
    public Mono<Void> close(UUID id, DisputeStatus status, UUID by, Instant at) {
        var update = db.sql("UPDATE disputes SET status = :status, resolved_at = :at, resolved_by = :by WHERE id = :id")
                .bind("status", status.value()).bind("at", time(at)).bind("id", id);
        return (by == null ? update.bindNull("by", UUID.class) : update.bind("by", by)).then();
    }

    @Override
    public Flux<Disputes.Dispute> ofUser(UUID userId) {
        return db.sql(SELECT + "WHERE user_id = :user ORDER BY opened_at DESC").bind("user", userId)
                .map((row, meta) -> dispute(row)).all();
    }

    @Override
    public Flux<Disputes.Dispute> open() {
        return db.sql(SELECT + "WHERE status = 'open' ORDER BY opened_at").map((row, meta) -> dispute(row)).all();
    }

    private static OffsetDateTime time(Instant at) {
        return Times.utc(at);
    }

    private static Disputes.Dispute dispute(Row row) {
        OffsetDateTime resolved = row.get("resolved_at", OffsetDateTime.class);
        return new Disputes.Dispute(row.get("id", UUID.class), row.get("user_id", UUID.class),
                row.get("subject_type", String.class), row.get("subject_id", UUID.class),
                DisputeStatus.of(row.get("status", String.class)),
                Arrays.asList(EventJson.MAPPER.readValue(row.get("messages", String.class), Disputes.Message[].class)),
                row.get("opened_at", OffsetDateTime.class).toInstant(), resolved == null ? null : resolved.toInstant());
    }
}
