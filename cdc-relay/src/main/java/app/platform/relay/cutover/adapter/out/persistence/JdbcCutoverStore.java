package app.platform.relay.cutover.adapter.out.persistence;

import app.platform.relay.cutover.application.CutoverStore;
import app.platform.events.EventJson;
import app.platform.relay.cutover.domain.CutoverState;
import app.platform.relay.cutover.domain.FrozenWriters;
import app.platform.relay.cutover.domain.Lsn;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code relay.cutover_state}: its one row. */
@Repository
class JdbcCutoverStore implements CutoverStore {

    private final JdbcClient jdbc;

    JdbcCutoverStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Recorded current() {
        return jdbc.sql("""
                        SELECT state, CAST(fence_lsn AS text) AS fence, CAST(frozen_writers AS text) AS frozen, changed_at,
                               changed_by FROM relay.cutover_state""")
                .query((rs, row) -> new Recorded(CutoverState.of(rs.getString("state")),
                        rs.getString("fence") == null ? null : Lsn.parse(rs.getString("fence")),
                        EventJson.MAPPER.readValue(rs.getString("frozen"), FrozenWriters.class),
                        rs.getTimestamp("changed_at").toInstant(), rs.getString("changed_by")))
                .single();
    }

    @Override
    public void save(CutoverState state, Lsn fence, FrozenWriters frozen, String operator) {
        jdbc.sql("""
                        UPDATE relay.cutover_state SET state = ?, fence_lsn = CAST(? AS pg_lsn),
                            frozen_writers = CAST(? AS jsonb), changed_at = now(), changed_by = ?""")
                .params(state.value(), fence == null ? null : fence.toString(), EventJson.MAPPER.writeValueAsString(frozen),
                        operator).update();
    }

    @Override
    public Instant readOnlySince() {
        return jdbc.sql("SELECT read_only_since FROM relay.cutover_state")
                .query((rs, row) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()).list().getFirst();
    }

    @Override
    public void readOnly(Instant since) {
        jdbc.sql("UPDATE relay.cutover_state SET read_only_since = ?")
                .param(since == null ? null : Timestamp.from(since)).update();
    }
}
