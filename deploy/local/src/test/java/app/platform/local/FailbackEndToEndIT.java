package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.legacydemo.LegacyDemo;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.Operator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The failback round trip on the shared platform, through the gateway, last of all (a failback leaves the platform
 * read-only): the cutover finalized (by {@code OperatorConsoleIT}, or here through the API when run alone) starts the
 * reverse stream; after the switch a new member signs up, changes their password, edits their profile, subscribes, is
 * verified, joins the queue and is paid, and an imported demo user changes their password, while membership-service
 * (a reverse writer) is killed mid-stream; then the failback: the platform read-only (writes 503, reads 200), the
 * stream drained and stopped, the legacy app writable. In the legacy database, pgcrypto verifies the new and changed
 * passwords as GoTrue's bcrypt, the member's rows are the platform's, every event of theirs was applied once by each
 * writer, and the capture's slot (kept for the soak) holds the writers' changes only under their replication origin:
 * a capture, which asks for changes of no origin, never reads them back.
 */
@Order(Integer.MAX_VALUE) // last on the shared platform: the failback leaves it read-only
@ExtendWith(SharedPlatform.class)
class FailbackEndToEndIT {

    static final String CALLBACK = "http://127.0.0.1:8080/callback";
    static final String PASSWORD = BrowserJourney.PASSWORD;
    static final String NEW_PASSWORD = "a brand new passphrase";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final LocalPlatform platform = SharedPlatform.get().platform;
    final String gateway = SharedPlatform.get().gateway;
    Operator operatorApp;

    @Test
    void afterTheSwitchTheLegacyDatabaseFollowsThePlatformAndTheFailbackLosesNothing() throws Exception {
        String operator = BrowserJourney.signUp("failback-operator");
        platformSql("UPDATE identity.users SET app_metadata = app_metadata || '{\"role\":\"admin\"}' WHERE email = '"
                + operator + "'");
        operatorApp = Operator.enrol(gateway, operator, PASSWORD);
        String admin = operatorApp.token();
        if (!state(admin).equals("finalized")) {
            runTheRunbook(admin); // run alone: no operator console finalized the cutover before
        }
        assertThat(state(admin)).isEqualTo("finalized");
        assertThat(legacyRows("SELECT state FROM platform_failback.stream")).containsExactly("running");
        // the status shows each service's reverse stream consuming (the launcher sets FAILBACK_ENABLED)
        PlatformEndToEndIT.awaitTrue(() -> {
            try {
                JsonNode streams = JSON.readTree(get("/api/cutover/admin/status", admin).body()).get("reverseStreams");
                return streams.size() == 4 && streams.valueStream().allMatch(group -> group.get("consumers").asInt() > 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(60));
        legacySql("CREATE EXTENSION IF NOT EXISTS pgcrypto");

        // after the switch: a new member does what members do, an imported user changes their password
        String email = BrowserJourney.signUp("failback-member");
        String token = signIn(email, PASSWORD);
        String member = PlatformEndToEndIT.subject(token);
        assertThat(send("POST", "/api/identity/me/password", token,
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}").statusCode())
                .isEqualTo(204);
        token = signIn(email, NEW_PASSWORD);
        String signedIn = token;
        PlatformEndToEndIT.awaitTrue(() -> status(() -> get("/api/profile/me", signedIn)) == 200, Duration.ofSeconds(60));
        assertThat(send("PATCH", "/api/profile/me/profile", token, "{\"displayName\":\"Back Home\"}").statusCode())
                .isEqualTo(200);
        JsonNode terms = JSON.readTree(get("/api/billing/terms", token).body());
        assertThat(send("POST", "/api/billing/me/agreements", token, "{\"version\":\"" + terms.get("version").asString()
                + "\",\"hash\":\"" + terms.get("hash").asString() + "\"}").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/billing/me/payment-methods", token, "{\"token\":\"tok_visa\"}").statusCode())
                .isEqualTo(201);
        assertThat(send("POST", "/api/billing/me/subscriptions", token, "{\"plan\":\"basic\"}").statusCode()).isEqualTo(201);
        String memberToken = token;
        PlatformEndToEndIT.awaitTrue(() -> body(() -> get("/api/membership/memberships", memberToken))
                .toLowerCase(java.util.Locale.ROOT).contains("\"status\":\"active\""), Duration.ofSeconds(60));
        assertThat(send("POST", "/api/membership/me/kyc", token, "{\"documents\":[{\"type\":\"passport\","
                + "\"country\":\"DE\",\"reference\":\"docs://failback-member-passport\"}]}").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/membership/admin/kyc/" + member + "/review", admin, "").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/membership/admin/kyc/" + member + "/approve", admin, "").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/membership/me/queue", token, "").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/membership/admin/queue/" + member + "/move", admin,
                "{\"position\":1,\"reason\":\"the failback test pays this member first\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> scheduled = send("POST", "/api/membership/admin/payouts/schedule", admin, "");
        assertThat(scheduled.statusCode()).as(scheduled.body()).isEqualTo(201);
        JsonNode payout = JSON.readTree(scheduled.body());
        assertThat(payout.get("userId").asString()).isEqualTo(member);
        String payoutId = payout.get("id").asString();
        assertThat(send("POST", "/api/membership/admin/payouts/" + payoutId + "/approve", admin, "").statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/api/membership/admin/payouts/" + payoutId + "/pay", admin, "").statusCode())
                .isEqualTo(200);
        String demo = "user1@demo.example";
        String demoToken = signIn(demo, LegacyDemo.password(1));
        assertThat(send("POST", "/api/identity/me/password", demoToken, "{\"currentPassword\":\""
                + LegacyDemo.password(1) + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}").statusCode()).isEqualTo(204);
        String demoId = PlatformEndToEndIT.subject(demoToken);

        // a reverse writer killed while it carries the payout's events, restarted; then the broker down for 5 s
        platform.kill("membership-service");
        platform.restart("membership-service");
        platform.restartKafka(Duration.ofSeconds(5));

        // the legacy database follows: the member paid and out of the queue, the passwords GoTrue's
        PlatformEndToEndIT.polling("the member's new password in auth.users", Duration.ofMinutes(3))
                .until(() -> passwordWorks(member, NEW_PASSWORD));
        PlatformEndToEndIT.polling("the demo user's changed password in auth.users", Duration.ofMinutes(1))
                .until(() -> passwordWorks(demoId, NEW_PASSWORD));
        try {
            PlatformEndToEndIT.polling("the payout paid in payout_management", Duration.ofMinutes(3)).until(() -> legacyCount(
                    "SELECT count(*) FROM public.payout_management WHERE id = '" + payoutId + "' AND status = 'paid'") == 1);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the payout was not carried back; carried so far per service: " + legacyRows(
                    "SELECT service || ' ' || count(*) FILTER (WHERE carried) || '/' || count(*) || ' last ' || max(applied_at) "
                            + "FROM platform_failback.applied_event GROUP BY service") + "; the member's legacy app user: "
                    + legacyRows("SELECT status FROM public.users WHERE id = '" + member + "'") + "; their events applied: "
                    + legacyRows("SELECT service || ' ' || event_type || ' ' || carried FROM platform_failback.applied_event "
                            + "WHERE aggregate_id IN ('" + member + "', '" + payoutId + "')"), e);
        }
        System.out.printf("report: the reverse stream had carried %s events (and recorded the others) by then%n",
                legacyRows("SELECT service || ' ' || count(*) FILTER (WHERE carried) || '/' || count(*) "
                        + "FROM platform_failback.applied_event GROUP BY service"));

        // nothing loops back: the capture's slot, kept for the soak (the failback drops it), holds the member's rows
        // only with the writers' origins
        assertThat(slotChanges(member, false)).as("every change").isPositive();
        assertThat(slotChanges(member, true)).as("changes of no origin: what a capture reads").isZero();

        // the failback: read-only at once (the gateway follows within its poll), then the job
        HttpResponse<String> started = send("POST", "/api/cutover/admin/failback", admin, "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String job = started.headers().firstValue("Location").orElseThrow();
        // (a change the profile refuses anyway while the gateway still lets writes through: 400, then 503)
        String readOnlyToken = token;
        String invalid = "{\"avatarUrl\":\"http://insecure.example/a.png\"}";
        PlatformEndToEndIT.awaitTrue(() -> status(() -> send("PATCH", "/api/profile/me/profile", readOnlyToken, invalid))
                == 503, Duration.ofSeconds(30));
        HttpResponse<String> refused = send("PATCH", "/api/profile/me/profile", token, invalid);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(get("/api/profile/me", token).statusCode()).as("reads go on").isEqualTo(200);
        JsonNode done = PlatformEndToEndIT.polling("the failback", Duration.ofMinutes(5))
                .until(() -> JSON.readTree(get(job, admin).body()), j -> !j.get("state").asString().equals("running"));
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("failed_back");
        System.out.printf("report: failback %s; carried back and not: %s%n", done.get("step"), done.get("report"));
        assertThat(done.get("report").toString()).contains("PayoutPaid", "UserSignedIn", "audit log");
        // the verification in the other direction: every legacy table a reverse stream writes matches the platform,
        // the old rows and the new, but for what no event ever said (on the shared platform, PlatformEndToEndIT's
        // identity user made without its event, which the check names in auth.users); audit's tables not carried
        System.out.printf("report: failback verification %s%n", done.get("verification"));
        List<String> eventless = platformRows("SELECT CAST(u.id AS text) FROM identity.users u WHERE NOT EXISTS "
                + "(SELECT 1 FROM identity.outbox o WHERE o.aggregateid = CAST(u.id AS text))");
        done.get("verification").forEach(t -> {
            JsonNode held = t.get("target");
            if (held != null && !held.isNull()) {
                assertThat(held.path("error").isNull() || held.path("error").isMissingNode()).as(t.toString()).isTrue();
                assertThat(held.get("missingCount").asLong() + held.get("changedCount").asLong()).as(t.toString()).isZero();
                assertThat(held.get("extra").values().stream().map(JsonNode::asString).toList()).as(t.toString())
                        .containsExactlyInAnyOrderElementsOf(t.get("table").asString().equals("auth.users") ? eventless
                                : List.of());
            }
        });
        assertThat(done.get("verified").asBoolean()).isEqualTo(eventless.isEmpty());
        List<String> tables = new java.util.ArrayList<>();
        List<String> notCarried = new java.util.ArrayList<>();
        done.get("verification").forEach(t -> (t.hasNonNull("notCarried") ? notCarried : tables).add(t.get("table").asString()));
        assertThat(tables).contains("auth.users", "auth.identities",
                "public.users", "public.user_profiles", "public.user_contacts", "public.user_addresses",
                "public.user_memberships", "public.membership_queue", "public.kyc_verification", "public.payout_management",
                "public.disputes", "public.user_subscriptions", "public.user_payments", "public.user_payment_methods");
        assertThat(notCarried).as("audit's: no reverse stream").containsExactlyInAnyOrder("public.system_audit_logs",
                "public.user_audit_logs");
        assertThat(legacyRows("SELECT state FROM platform_failback.stream")).containsExactly("stopped");

        // GoTrue's bcrypt verifies the new and the changed password (pgcrypto's crypt, as Supabase's SQL checks one)
        assertThat(passwordWorks(member, NEW_PASSWORD)).isTrue();
        assertThat(passwordWorks(demoId, NEW_PASSWORD)).isTrue();
        assertThat(passwordWorks(demoId, LegacyDemo.password(1))).isFalse();
        // the operator's TOTP is GoTrue's verified factor, with the same secret: the authenticator app goes on working
        assertThat(legacyRows("SELECT f.factor_type || ' ' || f.status || ' ' || f.secret FROM auth.mfa_factors f "
                + "JOIN auth.users u ON u.id = f.user_id WHERE u.email = '" + operator + "'"))
                .containsExactly("totp verified " + operatorApp.secret());
        // the member's rows are the platform's
        assertThat(legacyRows("SELECT email || ' ' || status FROM public.users WHERE id = '" + member + "'"))
                .containsExactly(platformRows("SELECT email || ' ' || lower(status) FROM profile.users WHERE id = '"
                        + member + "'").getFirst());
        assertThat(legacyRows("SELECT display_name FROM public.user_profiles WHERE user_id = '" + member + "'"))
                .containsExactly("Back Home");
        assertThat(legacyRows("SELECT plan || ' ' || status FROM public.user_memberships WHERE user_id = '" + member + "'"))
                .containsExactlyElementsOf(platformRows("SELECT plan || ' ' || lower(status) FROM membership.user_memberships "
                        + "WHERE user_id = '" + member + "'"));
        assertThat(legacyRows("SELECT status FROM public.kyc_verification WHERE user_id = '" + member + "'"))
                .containsExactly("approved");
        assertThat(legacyRows("SELECT CAST(amount AS text) || ' ' || currency || ' ' || status FROM public.payout_management "
                + "WHERE id = '" + payoutId + "'")).containsExactlyElementsOf(platformRows("SELECT CAST(CAST(amount AS "
                + "numeric(19, 4)) AS text) || ' ' || currency || ' ' || lower(status) FROM membership.payout_management "
                + "WHERE id = '" + payoutId + "'"));
        assertThat(legacyCount("SELECT count(*) FROM public.membership_queue WHERE user_id = '" + member + "'"))
                .as("paid, the member left the queue").isZero();
        assertThat(legacyRows("SELECT status FROM public.user_subscriptions WHERE user_id = '" + member + "'"))
                .containsExactly("active");
        // every event of the member's, once per writer that takes it; every platform event carried or said why not
        List<String> events = platformRows("SELECT CAST(id AS text) FROM identity.outbox WHERE aggregateid = '" + member
                + "' UNION ALL SELECT CAST(id AS text) FROM profile.outbox WHERE aggregateid = '" + member + "'");
        assertThat(legacyRows("SELECT CAST(event_id AS text) FROM platform_failback.applied_event WHERE aggregate_id = '"
                + member + "' AND service IN ('identity-service', 'profile-service') AND event_id = ANY ('{"
                + String.join(",", events) + "}'::uuid[])")).hasSizeGreaterThanOrEqualTo(events.size());
        assertThat(legacyCount("SELECT count(*) FROM (SELECT service, event_id FROM platform_failback.applied_event "
                + "GROUP BY 1, 2 HAVING count(*) > 1) twice")).as("applied twice").isZero();
    }

    /** Freeze, drain, verify and finalize through the API, as scripts/cutover runs them. */
    private void runTheRunbook(String admin) throws Exception {
        assertThat(send("POST", "/api/cutover/admin/freeze", admin, "").statusCode()).isEqualTo(200);
        PlatformEndToEndIT.awaitTrue(() -> status(() -> send("POST", "/api/cutover/admin/drain", admin, "")) == 200,
                Duration.ofMinutes(3));
        String verification = send("POST", "/api/cutover/admin/verify", admin, "").headers().firstValue("Location")
                .orElseThrow();
        JsonNode verified = PlatformEndToEndIT.polling("the verification", Duration.ofMinutes(3))
                .until(() -> JSON.readTree(get(verification, admin).body()), j -> !j.get("state").asString().equals("running"));
        assertThat(verified.get("state").asString()).as(verified.toString()).isEqualTo("matched");
        assertThat(send("POST", "/api/cutover/admin/finalize", admin, "").statusCode()).isEqualTo(200);
    }

    /**
     * The changes the legacy capture's slot holds for rows of this user (peeked, not consumed): every one, or only
     * those of no replication origin (pgoutput's {@code origin 'none'}, what the capture asks for).
     */
    private long slotChanges(String user, boolean noOrigin) throws SQLException {
        return legacyCount("SELECT count(*) FROM pg_logical_slot_peek_binary_changes('legacy_capture', NULL, NULL, "
                + "'proto_version', '1', 'publication_names', 'legacy_capture'" + (noOrigin ? ", 'origin', 'none'" : "")
                + ") WHERE position(convert_to('" + user + "', 'UTF8') IN data) > 0");
    }

    private boolean passwordWorks(String userId, String password) {
        try (Connection c = legacy(); PreparedStatement st = c.prepareStatement("SELECT count(*) FROM auth.users WHERE "
                + "id = CAST(? AS uuid) AND encrypted_password <> '' AND encrypted_password = crypt(?, encrypted_password)")) {
            st.setString(1, userId);
            st.setString(2, password);
            ResultSet rs = st.executeQuery();
            rs.next();
            return rs.getLong(1) == 1;
        } catch (SQLException e) {
            return false;
        }
    }

    private String state(String admin) throws Exception {
        return JSON.readTree(get("/api/cutover/admin/status", admin).body()).get("state").asString();
    }

    private String signIn(String email, String password) {
        return new OAuthTestClient(gateway, "web", CALLBACK).signIn(email, password).get("access_token").asString();
    }

    private HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return PlatformEndToEndIT.get(path, token);
    }

    interface Call {
        HttpResponse<String> call() throws Exception;
    }

    private static int status(Call call) {
        try {
            return call.call().statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String body(Call call) {
        try {
            return call.call().body();
        } catch (Exception e) {
            return "";
        }
    }

    private void platformSql(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(platform.jdbcUrl(), "postgres", "postgres")) {
            c.createStatement().execute(sql);
        }
    }

    private List<String> platformRows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(platform.jdbcUrl(), "postgres", "postgres")) {
            return rows(c, sql);
        }
    }

    private void legacySql(String sql) throws SQLException {
        try (Connection c = legacy()) {
            c.createStatement().execute(sql);
        }
    }

    private List<String> legacyRows(String sql) throws SQLException {
        try (Connection c = legacy()) {
            return rows(c, sql);
        }
    }

    private long legacyCount(String sql) throws SQLException {
        return Long.parseLong(legacyRows(sql).getFirst());
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    private Connection legacy() throws SQLException {
        return DriverManager.getConnection(platform.legacyJdbcUrl(), "postgres", "postgres");
    }
}
