package app.platform.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The legacy app writing, under its own role (PostgREST's {@code authenticator}), about 10 rounds a second: each round
 * inserts a user with its app user, profile and contact, renames a demo profile, flips a demo membership, logs two
 * audit rows, and every third round deletes the previous round's contact. A round is one transaction; a round a fault
 * interrupts is counted as failed and the writer connects again (its rows have ids of their own, never retried).
 */
final class LegacyWriter {

    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    /** Why the last failed round failed (its SQL state and message), for an assertion's description. */
    private volatile String lastFailure = "none";
    private final String jdbcUrl;
    private final String prefix;
    private int next;

    /** @param prefix makes the rows' ids and e-mail addresses this writer's own ({@code md5('<prefix>:auth:<n>')}) */
    LegacyWriter(String jdbcUrl, String prefix) {
        this.jdbcUrl = jdbcUrl;
        this.prefix = prefix;
    }

    void run(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        runUntil(() -> System.nanoTime() >= end);
    }

    void runUntil(BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "authenticator", "authenticator");
                 Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                while (!stop.getAsBoolean()) {
                    round(st, ++next);
                    c.commit();
                    writes.incrementAndGet();
                    Thread.sleep(100); // a steady writer (~80 legacy changes/s), not a flood that saturates 2 cores
                }
            } catch (SQLException fault) {
                failures.incrementAndGet();
                lastFailure = fault.getSQLState() + " " + fault.getMessage();
                pause(Duration.ofSeconds(1)); // the database is down or restarting: tried again, as the app's pool does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return writes.get() + " rounds written, " + failures.get() + " failed (last: " + lastFailure + ")";
    }

    private void round(Statement st, int i) throws SQLException {
        String user = "md5('" + prefix + ":auth:" + i + "')::uuid";
        String app = "md5('" + prefix + ":app:" + i + "')::uuid";
        String email = "'" + prefix + i + "@demo.example'";
        st.execute("INSERT INTO auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, "
                + "raw_user_meta_data, created_at, updated_at) SELECT " + user + ", 'authenticated', 'authenticated', "
                + email + ", encrypted_password, now(), '{}', '{}', now(), now() FROM auth.users "
                + "WHERE id = legacy_demo_id('auth', 1)");
        st.execute("INSERT INTO public.users (id, auth_user_id, email, email_verified, status) VALUES (" + app + ", "
                + user + "::text, " + email + ", true, 'active')");
        st.execute("INSERT INTO public.user_profiles (id, user_id, display_name, bio) VALUES (md5('" + prefix + ":profile:"
                + i + "')::uuid, " + app + ", 'Writer " + i + "', repeat('x', 3000))");
        st.execute("INSERT INTO public.user_contacts (id, user_id, kind, value, is_primary) VALUES (md5('" + prefix
                + ":contact:" + i + "')::uuid, " + app + ", 'email', " + email + ", true)");
        st.execute("UPDATE public.user_profiles SET display_name = 'Renamed " + i + "' WHERE id = legacy_demo_id('profile', "
                + (i % 17 + 1) + ")");
        st.execute("UPDATE public.user_memberships SET status = CASE WHEN status = 'active' THEN 'paused' ELSE 'active' END "
                + "WHERE id = legacy_demo_id('membership', " + (i % 13 + 1) + ")");
        st.execute("INSERT INTO public.system_audit_logs (action, actor_id, created_at) VALUES ('writer.step', '" + i + "', now())");
        st.execute("INSERT INTO public.user_audit_logs (user_id, action, created_at) VALUES (" + app + ", 'sign_in', now())");
        if (i % 3 == 0) {
            st.execute("DELETE FROM public.user_contacts WHERE id = md5('" + prefix + ":contact:" + (i - 1) + "')::uuid");
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
