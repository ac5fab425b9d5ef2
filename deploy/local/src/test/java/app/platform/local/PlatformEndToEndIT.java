package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.SoftwarePasskey;
import app.platform.testkit.TotpTestCodes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform as separate processes, started by the launcher, driven only through the gateway's HTTP
 * port: the walking skeleton, and a relay crash in the middle of a burst of sign-ups.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedPlatform.class)
class PlatformEndToEndIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static LocalPlatform platform;
    static String gateway;
    static Path dataDir;

    @BeforeAll
    static void start() {
        SharedPlatform shared = SharedPlatform.get();
        platform = shared.platform;
        dataDir = shared.dataDir;
        gateway = shared.gateway;
    }

    @Test
    @Order(1)
    void theWalkingSkeletonFromSignUpToMyProfile() throws Exception {
        HttpResponse<String> signUp = signUp("walker@example.com");
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(202);
        assertThat(signUp.headers().firstValue("X-Correlation-Id")).isPresent();
        assertThat(JSON.readTree(signUp.body()).get("email").asString()).isEqualTo("walker@example.com");

        String token = new OAuthTestClient(gateway, "web", "http://127.0.0.1:8080/callback")
                .signIn("walker@example.com", "a long enough password").get("access_token").asString();
        // the sign-up's answer names no account (a taken address gets the same one): the id is the token's subject
        String userId = subject(token);

        // the new account, which its user can read
        HttpResponse<String> account = get("/api/identity/users/" + userId, token);
        assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
        assertThat(account.body()).contains("\"id\":\"" + userId + "\"").contains("walker@example.com");

        JsonNode me = awaitJson(() -> get("/api/profile/me", token), Duration.ofSeconds(60));
        assertThat(me.get("authUserId").asString()).isEqualTo(userId);
        assertThat(me.get("email").asString()).isEqualTo("walker@example.com");

        awaitTrue(() -> count("SELECT count(*) FROM audit.system_audit_logs WHERE event_type = 'UserRegistered' "
                + "AND aggregate_id = '" + userId + "'") == 1, Duration.ofSeconds(60));
        assertThat(get("/api/profile/me", "not-a-token").statusCode()).isEqualTo(401);

        // the verification mail lands in the local mailbox; its link verifies the address and the app user activates
        String link = awaitMailedToken("walker@example.com", Duration.ofSeconds(30));
        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/identity/email-verification/confirm"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + link + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(204);
        awaitTrue(() -> {
            try {
                return JSON.readTree(get("/api/profile/me", token).body()).get("status").asString().equals("Active");
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(60));
    }

    @Test
    @Order(2)
    void killingTheRelayInTheMiddleOfABurstLosesNothingAndAppliesNothingTwice() throws Exception {
        int total = 1000;
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            String email = "burst-" + i + "@example.com";
            results.add(pool.submit(() -> {
                int status = signUp(email).statusCode();
                done.incrementAndGet();
                return status;
            }));
        }
        awaitTrue(() -> done.get() >= total / 3, Duration.ofMinutes(5));
        platform.kill("cdc-relay");
        awaitTrue(() -> done.get() >= total * 2 / 3, Duration.ofMinutes(5));
        platform.restart("cdc-relay");
        for (Future<Integer> r : results) {
            assertThat(r.get()).isEqualTo(202);
        }
        pool.shutdown();

        String burst = "email LIKE 'burst-%@example.com'";
        assertThat(count("SELECT count(*) FROM identity.users WHERE " + burst)).isEqualTo(total);
        awaitTrue(() -> count("SELECT count(*) FROM profile.users WHERE " + burst) == total, Duration.ofMinutes(3));
        awaitTrue(() -> count("SELECT count(*) FROM audit.system_audit_logs a JOIN identity.users u "
                + "ON a.aggregate_id = u.id::text WHERE a.event_type = 'UserRegistered' AND u." + burst) == total,
                Duration.ofMinutes(3));
        // applied once each: one AppUserCreated per app user, one audit row per event
        assertThat(count("SELECT count(*) FROM profile.outbox o JOIN profile.users p ON o.aggregateid = p.id::text "
                + "WHERE o.type = 'AppUserCreated' AND p." + burst)).isEqualTo(total);
        assertThat(count("SELECT count(*) - count(DISTINCT event_id) FROM audit.system_audit_logs")).isZero();
    }

    /** The token in the link of the first mail to {@code to} that the local mailbox saved. */
    static String awaitMailedToken(String to, Duration timeout) throws Exception {
        Matcher link = awaitMail(to, Pattern.compile("token=([A-Za-z0-9_-]+)"), timeout);
        return link.group(1);
    }

    /** The first match of {@code pattern} in a mail to {@code to}, once the local mailbox has saved one. */
    static Matcher awaitMail(String to, Pattern pattern, Duration timeout) {
        Pattern recipient = Pattern.compile("(?m)^To: .*" + Pattern.quote(to));
        // polling the mailbox folder
        return polling("a mail to " + to, timeout).until(() -> firstMail(recipient, pattern), Objects::nonNull);
    }

    /** The first match of {@code pattern} in a saved mail whose recipient matches, or null while there is none. */
    static Matcher firstMail(Pattern recipient, Pattern pattern) throws IOException {
        try (var mails = Files.list(SharedPlatform.get().dataDir.resolve("mail"))) {
            for (Path mail : mails.sorted().toList()) {
                String text = Files.readString(mail);
                Matcher m = pattern.matcher(text);
                if (recipient.matcher(text).find() && m.find()) {
                    return m;
                }
            }
        }
        return null;
    }

    /**
     * Everything identity offers a user, through the gateway's port only: password, TOTP second step (aal2),
     * passkey registration and passkey sign-in, an organization in the token, signing out.
     */
    @Test
    @Order(3)
    void identityThroughTheGatewayPasswordTotpPasskeyOrganizationSignOut() throws Exception {
        assertThat(signUp("ida@example.com").statusCode()).isEqualTo(202);
        var bff = new OAuthTestClient(gateway, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
        var browser = bff.session();
        // the hosted pages send the browser back through the gateway, never to identity's own address
        String toLogin = browser.location(browser.get(browser.authorizeUrl()));
        assertThat(toLogin).startsWith(gateway + "/login");
        browser.startAuthorization();
        JsonNode first = browser.finish(browser.submitPassword("ida@example.com", "a long enough password"));
        String token = first.get("access_token").asString();

        // TOTP on; the next password sign-in asks for a code and is aal2
        JsonNode enrolment = JSON.readTree(send("POST", "/api/identity/two-factor/totp", token, "").body());
        String secret = enrolment.get("secret").asString();
        long step = TotpTestCodes.step(java.time.Instant.now());
        assertThat(send("POST", "/api/identity/two-factor/totp/confirm", token,
                "{\"code\":\"" + TotpTestCodes.code(secret, step) + "\"}").statusCode()).isEqualTo(200);
        JsonNode twoStep = bff.signIn("ida@example.com", "a long enough password", () -> TotpTestCodes.code(secret, step + 1));
        assertThat(claims(twoStep)).contains("\"aal\":\"aal2\"");

        // a passkey registered on the hosted page (through the gateway's origin), then used alone
        var passkey = new SoftwarePasskey(gateway, "localhost");
        HttpResponse<String> options = browser.postJson("/webauthn/register/options", "");
        assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
        assertThat(browser.postJson("/webauthn/register", passkey.register(JSON.readTree(options.body()), "e2e")).statusCode())
                .isEqualTo(200);
        var stranger = bff.session();
        stranger.startAuthorization();
        JsonNode assertion = JSON.readTree(stranger.postJson("/webauthn/authenticate/options", "").body());
        JsonNode signedIn = JSON.readTree(stranger.postJson("/login/webauthn", passkey.assertion(assertion)).body());
        JsonNode byPasskey = stranger.finish(signedIn.get("redirectUrl").asString());
        assertThat(claims(byPasskey)).contains("\"aal\":\"aal2\"").contains("webauthn");

        // an organization becomes the active one and travels in the refreshed token
        String org = JSON.readTree(send("POST", "/api/identity/organizations", token, "{\"name\":\"E2E Ltd\"}").body())
                .get("id").asString();
        assertThat(send("PUT", "/api/identity/organizations/active", token, "{\"organizationId\":\"" + org + "\"}")
                .statusCode()).isEqualTo(204);
        var refresher = new OAuthTestClient(gateway, "bff", "local-bff-secret", null);
        JsonNode refreshed = refresher.refresh(first.get("refresh_token").asString());
        assertThat(claims(refreshed)).contains("\"org_id\":\"" + org + "\"").contains("\"org_role\":\"owner\"");

        // signing out ends the session: its refresh token is dead
        HttpResponse<String> out = browser.get("/connect/logout?id_token_hint=" + refreshed.get("id_token").asString()
                + "&post_logout_redirect_uri=http://127.0.0.1:8080/signed-out");
        assertThat(out.headers().firstValue("Location")).as(out.statusCode() + " " + out.body())
                .hasValue("http://127.0.0.1:8080/signed-out");
        assertThatThrownBy(() -> refresher.refresh(refreshed.get("refresh_token").asString()))
                .isInstanceOf(OAuthTestClient.TokenRefused.class);
    }

    /** An identity user whose UserRegistered never reached profile gets its app user from the reconciliation. */
    @Test
    @Order(4)
    void theReconciliationRepairsAnIdentityUserWithoutAnAppUser() throws Exception {
        java.util.UUID orphan = java.util.UUID.randomUUID();
        execute("INSERT INTO identity.users (id, email, email_verified_at) VALUES ('" + orphan + "', 'lost@example.com', now())");
        execute("UPDATE identity.users SET app_metadata = app_metadata || '{\"role\":\"admin\"}' WHERE email = 'walker@example.com'");
        String admin = app.platform.testkit.Operator.enrol(gateway, "walker@example.com", "a long enough password").token();

        assertThat(send("POST", "/api/profile/admin/reconciliation", signUpToken(), "").statusCode()).isEqualTo(403);
        HttpResponse<String> report = send("POST", "/api/profile/admin/reconciliation", admin, "");
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        assertThat(JSON.readTree(report.body()).get("repaired").toString()).contains(orphan.toString());
        assertThat(count("SELECT count(*) FROM profile.users WHERE id = '" + orphan + "' AND status = 'Active'")).isEqualTo(1);

        // an operator's suspension through the gateway, lifted by an operator only
        assertThat(send("POST", "/api/profile/admin/users/" + orphan + "/suspend", admin, "").statusCode()).isEqualTo(204);
        assertThat(count("SELECT count(*) FROM profile.users WHERE id = '" + orphan + "' AND status = 'Suspended' "
                + "AND suspended_by_operator")).isEqualTo(1);
        assertThat(send("POST", "/api/profile/admin/users/" + orphan + "/unsuspend", signUpToken(), "").statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/profile/admin/users/" + orphan + "/unsuspend", admin, "").statusCode()).isEqualTo(204);
        assertThat(count("SELECT count(*) FROM profile.users WHERE id = '" + orphan + "' AND status = 'Active'")).isEqualTo(1);
    }

    @Test
    @Order(5)
    void everyServicesApiIsDocumentedBehindTheGatewayAndTheReadOnlyModeIsPublic() throws Exception {
        for (var doc : Map.of("identity", "/api/identity/organizations", "profile", "/api/profile/me/settings",
                "membership", "/api/membership/me/queue", "billing", "/api/billing/me/payments",
                "audit", "/api/audit/me/logs").entrySet()) {
            HttpResponse<String> openApi = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/docs/api/" + doc.getKey()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(openApi.statusCode()).as(doc.getKey()).isEqualTo(200);
            assertThat(openApi.body()).as(doc.getKey()).contains("\"openapi\"").contains(doc.getValue());
        }
        // whether the platform is read-only (a failback) is public, for a frontend's banner; the cutover's API is not
        HttpResponse<String> mode = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/cutover/mode")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(mode.statusCode()).as(mode.body()).isEqualTo(200);
        assertThat(JSON.readTree(mode.body()).get("readOnly").asBoolean(true)).isFalse();
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/cutover/admin/status")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    /**
     * Every foreign key of every schema the services migrated has a plain index led by its columns: deleting the row
     * it points at (a user, a card, an organization) and each check of the reference find the rows without a scan.
     */
    @Test
    @Order(7)
    void everyForeignKeyOfEveryServiceHasAnIndexLedByItsColumns() throws Exception {
        List<String> unindexed = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(platform.jdbcUrl(), "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery("""
                     SELECT n.nspname || '.' || cl.relname || ' (' || c.conname || ')'
                     FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
                     WHERE c.contype = 'f' AND NOT EXISTS (
                         SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indpred IS NULL AND i.indisvalid
                           AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] @> c.conkey)
                     ORDER BY 1""")) {
            while (rs.next()) {
                unindexed.add(rs.getString(1));
            }
            assertThat(count("SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                    + "WHERE c.contype = 'f' AND n.nspname IN ('identity', 'profile', 'billing')"))
                    .as("the check sees the services' foreign keys").isGreaterThan(5);
        }
        assertThat(unindexed).isEmpty();
    }

    @Test
    @Order(6)
    void aMemberSubscribesThroughTheGatewayAndNoCardNumberOrTaxIdLeavesBilling() throws Exception {
        String pan = "4242424242424242";
        String taxId = "078051120";
        signUp("payer@example.com");
        String token = new OAuthTestClient(gateway, "web", "http://127.0.0.1:8080/callback")
                .signIn("payer@example.com", "a long enough password").get("access_token").asString();
        String userId = subject(token);

        JsonNode terms = JSON.readTree(get("/api/billing/terms", token).body());
        assertThat(send("POST", "/api/billing/me/agreements", token, "{\"version\":\"" + terms.get("version").asString()
                + "\",\"hash\":\"" + terms.get("hash").asString() + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> number = send("POST", "/api/billing/me/payment-methods", token, "{\"token\":\"" + pan + "\"}");
        assertThat(number.statusCode()).isEqualTo(400);
        assertThat(number.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        HttpResponse<String> visa = send("POST", "/api/billing/me/payment-methods", token, "{\"token\":\"tok_visa\"}");
        assertThat(visa.statusCode()).isEqualTo(201);
        HttpResponse<String> form = send("PUT", "/api/billing/me/tax-form", token,
                "{\"kind\":\"W-9\",\"legalName\":\"Pat Payer\",\"country\":\"US\",\"taxId\":\"078-05-1120\"}");
        assertThat(JSON.readTree(form.body()).get("taxIdLast4").asString()).isEqualTo("1120");
        HttpResponse<String> subscribed = send("POST", "/api/billing/me/subscriptions", token, "{\"plan\":\"basic\"}");
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);

        // billing's events reach membership over Kafka: the membership is active
        awaitTrue(() -> {
            try {
                return get("/api/membership/memberships", token).body().toLowerCase(java.util.Locale.ROOT)
                        .contains("\"status\":\"active\"");
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(60));
        // the member moves the subscription to a new card; the one it started with can then be removed
        String visaId = JSON.readTree(visa.body()).get("id").asString();
        assertThat(send("DELETE", "/api/billing/me/payment-methods/" + visaId, token, "").statusCode()).isEqualTo(409);
        String mastercard = JSON.readTree(send("POST", "/api/billing/me/payment-methods", token,
                "{\"token\":\"tok_mastercard\"}").body()).get("id").asString();
        HttpResponse<String> moved = send("POST", "/api/billing/me/subscriptions/" + JSON.readTree(subscribed.body())
                .get("id").asString() + "/payment-method", token, "{\"paymentMethodId\":\"" + mastercard + "\"}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(send("DELETE", "/api/billing/me/payment-methods/" + visaId, token, "").statusCode()).isEqualTo(204);
        // a webhook without a signature is refused at billing and lands in the audit log
        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/billing/webhooks/provider"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"evt_forged\",\"type\":\"payment_intent.succeeded\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(400);
        awaitTrue(() -> count("SELECT count(*) FROM audit.system_audit_logs WHERE event_type = 'ProviderWebhookRejected'") >= 1,
                Duration.ofSeconds(60));

        var kafka = new app.platform.testkit.KafkaTestClient(platform.kafkaBootstrapServers());
        var records = kafka.readUntil(Pattern.compile("billing\\..*\\.events"), seen -> seen.stream()
                .map(r -> r.value()).filter(v -> v.contains(userId)).count() >= 5, Duration.ofSeconds(60));
        List<String> mine = records.stream().map(r -> r.value()).filter(v -> v.contains(userId)).toList();
        assertThat(mine).anyMatch(v -> v.contains("TaxFormSubmitted")).anyMatch(v -> v.contains("PaymentSucceeded"))
                .anyMatch(v -> v.contains("PaymentMethodAdded")).anyMatch(v -> v.contains("SubscriptionStarted"));
        assertThat(records).isNotEmpty().noneMatch(r -> r.value().contains(pan) || r.value().contains(taxId)
                || r.value().contains("078-05-1120"));
        try (var logs = Files.list(dataDir.resolve("logs"))) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log);
                assertThat(text).as(log.getFileName().toString()).doesNotContain(pan).doesNotContain(taxId).doesNotContain("078-05-1120");
            }
        }
    }

    /** A token of an ordinary user. */
    static String signUpToken() throws Exception {
        signUp("plain@example.com");
        return new OAuthTestClient(gateway, "web", "http://127.0.0.1:8080/callback")
                .signIn("plain@example.com", "a long enough password").get("access_token").asString();
    }

    static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(platform.jdbcUrl(), "postgres", "postgres")) {
            c.createStatement().execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The access token's claims as JSON text. */
    static String claims(JsonNode tokens) {
        return claims(tokens.get("access_token").asString());
    }

    static String claims(String accessToken) {
        return new String(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The user an access token is for (its {@code sub}): how a test learns a new user's id. */
    static String subject(String accessToken) {
        return JSON.readTree(claims(accessToken)).get("sub").asString();
    }

    static HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> signUp(String email) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(SharedPlatform.get().gateway + "/api/identity/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"a long enough password\"}"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(SharedPlatform.get().gateway + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static long count(String sql) {
        try (Connection c = DriverManager.getConnection(SharedPlatform.get().platform.jdbcUrl(), "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    interface Call {
        HttpResponse<String> call() throws Exception;
    }

    /** Polls an eventually consistent read until it answers 200, and reads its body. */
    static JsonNode awaitJson(Call call, Duration timeout) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Callable<HttpResponse<String>> read = () -> {
            last.set(call.call());
            return last.get();
        };
        try {
            HttpResponse<String> ok = polling("a 200", timeout).until(read, response -> response.statusCode() == 200);
            return JSON.readTree(ok.body());
        } catch (ConditionTimeoutException e) {
            HttpResponse<String> answer = last.get();
            throw new AssertionError("no 200 within " + timeout + "; last: "
                    + (answer == null ? "none" : answer.statusCode() + " " + answer.body()), e);
        }
    }

    /** Polls an eventually consistent read until it holds. */
    static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        polling("true within " + timeout, timeout).until(condition::getAsBoolean);
    }

    /**
     * Checks at once, then every 500 ms until {@code timeout}. Only the condition decides: what other threads of this
     * JVM throw meanwhile is not the poll's business.
     */
    static ConditionFactory polling(String what, Duration timeout) {
        return await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                .dontCatchUncaughtExceptions();
    }
}
