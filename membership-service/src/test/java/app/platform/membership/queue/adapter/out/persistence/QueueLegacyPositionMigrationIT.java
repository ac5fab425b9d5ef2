package app.platform.membership.queue.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.Infrastructure;
import app.platform.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The migration that gave queue entries their legacy position ({@code V3}), on a database where the import had
 * already placed entries: each imported entry gets the position its ledger row last had, through the legacy user it
 * belongs to; an entry joined here, a deleted legacy entry and a position that is not a number get none.
 */
class QueueLegacyPositionMigrationIT {

    @Test
    void entriesImportedBeforeGetTheirLegacyPositionFromTheLedger() throws Exception {
        TestDatabase db = Infrastructure.newDatabase("queuemigration");
        FluentConfiguration flyway = Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password())
                .schemas("membership").defaultSchema("membership")
                .locations("classpath:db/migration", "classpath:db/platform/outbox", "classpath:db/platform/inbox",
                        "classpath:db/platform/legacy");
        flyway.target("2").load().migrate();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             Statement st = c.createStatement()) {
            st.execute("SET search_path TO membership");
            st.execute("""
                    INSERT INTO legacy_row (source_table, legacy_id, row, digest, applied, deleted, source_at) VALUES
                      ('public.users', 'u1', '{"id": "u1", "auth_user_id": "AAAAAAAA-0000-4000-8000-000000000001"}', 'd', true, false, now()),
                      ('public.users', 'u2', '{"id": "u2", "auth_user_id": "aaaaaaaa-0000-4000-8000-000000000002"}', 'd', true, false, now()),
                      ('public.users', 'u3', '{"id": "u3", "auth_user_id": "aaaaaaaa-0000-4000-8000-000000000003"}', 'd', true, false, now()),
                      ('public.users', 'u4', '{"id": "u4", "auth_user_id": "aaaaaaaa-0000-4000-8000-000000000004"}', 'd', true, false, now()),
                      ('public.membership_queue', 'q1', '{"user_id": "u1", "position": 7}', 'd', true, false, now()),
                      ('public.membership_queue', 'q2', '{"user_id": "u2", "position": 3}', 'd', true, false, now()),
                      ('public.membership_queue', 'q3', '{"user_id": "u3", "position": 9}', 'd', true, true, now()),
                      ('public.membership_queue', 'q4', '{"user_id": "u4", "position": "first"}', 'd', true, false, now())""");
            st.execute("""
                    INSERT INTO membership_queue (user_id, position) VALUES
                      ('aaaaaaaa-0000-4000-8000-000000000002', 1), ('aaaaaaaa-0000-4000-8000-000000000001', 2),
                      ('aaaaaaaa-0000-4000-8000-000000000003', 3), ('aaaaaaaa-0000-4000-8000-000000000004', 4),
                      ('bbbbbbbb-0000-4000-8000-000000000005', 5)""");
            flyway.target("latest").load().migrate();
            try (ResultSet rs = st.executeQuery("SELECT string_agg(coalesce(legacy_position::text, '-'), ',' ORDER BY position)"
                    + " FROM membership_queue")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("3,7,-,-,-");
            }
        }
    }
}
