package app.platform.relay.legacy.adapter.out.persistence;

import app.platform.relay.legacy.application.RecordedSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code relay.legacy_schema}: one row per captured table, written once. */
@Repository
class JdbcRecordedSchema implements RecordedSchema {

    private final JdbcClient jdbc;

    JdbcRecordedSchema(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void recordIfAbsent(String table, String columns) {
        jdbc.sql("INSERT INTO relay.legacy_schema (table_name, columns) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(table, columns).update();
    }

    @Override
    public Map<String, String> all() {
        Map<String, String> recorded = new LinkedHashMap<>();
        jdbc.sql("SELECT table_name, columns FROM relay.legacy_schema ORDER BY table_name")
                .query((RowCallbackHandler) rs -> recorded.put(rs.getString(1), rs.getString(2)));
        return recorded;
    }
}
