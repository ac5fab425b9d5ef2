package app.platform.testkit;

import app.platform.legacydemo.LegacyDemo;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The demo legacy database has the shape the cutover must handle, at scale 1 and multiplied. */
class LegacyDemoIT {

    @Test
    void scaleOneLooksLikeProduction() throws SQLException {
        TestDatabase db = Infrastructure.newDatabase("legacy_demo");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            LegacyDemo.create(c, 1);
            assertThat(count(c, "SELECT count(*) FROM auth.users")).isEqualTo(22);
            assertThat(count(c, "SELECT count(*) FROM public.users")).isEqualTo(17);
            assertThat(count(c, "SELECT count(*) FROM auth.users a LEFT JOIN public.users u ON u.auth_user_id = a.id::text "
                    + "WHERE u.id IS NULL")).as("orphans").isEqualTo(5);
            assertThat(count(c, "SELECT count(*) FROM auth.users u JOIN auth.identities i ON i.user_id = u.id "
                    + "WHERE i.provider = 'google' AND u.encrypted_password = ''")).as("Google-only").isEqualTo(3);
            assertThat(count(c, "SELECT count(*) FROM auth.users WHERE banned_until > now()")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM auth.users WHERE deleted_at IS NOT NULL")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM auth.users WHERE is_anonymous")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM auth.users WHERE confirmed_at = email_confirmed_at")).as("generated")
                    .isEqualTo(count(c, "SELECT count(*) FROM auth.users WHERE email_confirmed_at IS NOT NULL"));
            assertThat(count(c, "SELECT count(*) FROM auth.identities WHERE email = lower(identity_data->>'email')")).isEqualTo(21);
            assertThat(count(c, "SELECT count(*) FROM public.user_memberships")).isEqualTo(14);
            assertThat(count(c, "SELECT count(*) FROM public.membership_queue")).isEqualTo(5);
            assertThat(count(c, "SELECT count(*) FROM public.kyc_verification")).isEqualTo(8);
            assertThat(count(c, "SELECT count(*) FROM public.payout_management")).isEqualTo(10);
            assertThat(count(c, "SELECT count(*) FROM public.disputes")).isEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM public.system_audit_logs")).isEqualTo(1950);
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT encrypted_password FROM auth.users WHERE email = 'user1@demo.example'")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("$2a$10$").hasSize(60);
                assertThat(BCrypt.checkpw("Demo-password-1", rs.getString(1))).isTrue();
            }
        }
    }

    @Test
    void aScaleMultipliesEveryCountAndTheSameScaleGivesTheSameRows() throws SQLException {
        TestDatabase db = Infrastructure.newDatabase("legacy_demo_scaled");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            LegacyDemo.create(c, 100);
            assertThat(count(c, "SELECT count(*) FROM auth.users")).isEqualTo(2200);
            assertThat(count(c, "SELECT count(*) FROM public.users")).isEqualTo(1700);
            assertThat(count(c, "SELECT count(*) FROM public.membership_queue")).isEqualTo(500);
            assertThat(count(c, "SELECT count(DISTINCT position) FROM public.membership_queue")).isEqualTo(500);
            LegacyDemo.create(c, 100); // again: the same ids, nothing added but the logs
            assertThat(count(c, "SELECT count(*) FROM auth.users")).isEqualTo(2200);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
