package app.platform.profile.appuser.adapter.out.persistence;

import app.platform.events.EventJson;
import app.platform.profile.appuser.application.ReconcileWithIdentity.Report;
import app.platform.profile.appuser.application.ReconciliationRuns;
import app.platform.runtime.Times;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class R2dbcReconciliationRuns implements ReconciliationRuns {

    private final DatabaseClient db;

    R2dbcReconciliationRuns(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Boolean> claim(Instant now, Instant since) {
        return db.sql("UPDATE reconciliation_run SET claimed_at = :now WHERE id = 1 AND (claimed_at IS NULL OR claimed_at <= :since)")
                .bind("now", Times.utc(now)).bind("since", Times.utc(since))
                .fetch().rowsUpdated().map(rows -> rows == 1);
    }

    @Override
    public Mono<Void> save(Report report) {
        DatabaseClient.GenericExecuteSpec update = db.sql("""
                        UPDATE reconciliation_run SET started_at = :started, finished_at = :finished,
                            identity_users_checked = :checked, repaired = CAST(:repaired AS jsonb), error = :error
                        WHERE id = 1""")
                .bind("started", Times.utc(report.startedAt())).bind("finished", Times.utc(report.finishedAt()))
                .bind("checked", report.identityUsersChecked())
                .bind("repaired", EventJson.MAPPER.writeValueAsString(report.repaired()));
        return (report.error() == null ? update.bindNull("error", String.class) : update.bind("error", report.error())).then();
    }

    @Override
    public Mono<Report> last() {
        return db.sql("""
                        SELECT started_at, finished_at, identity_users_checked, CAST(repaired AS text) AS repaired, error
                        FROM reconciliation_run WHERE id = 1 AND started_at IS NOT NULL""")
                .map((row, meta) -> new Report(row.get("started_at", OffsetDateTime.class).toInstant(),
                        row.get("finished_at", OffsetDateTime.class).toInstant(), row.get("identity_users_checked", Long.class),
                        List.copyOf(Arrays.asList(EventJson.MAPPER.readValue(row.get("repaired", String.class), UUID[].class))),
                        row.get("error", String.class)))
                .one();
    }
}
