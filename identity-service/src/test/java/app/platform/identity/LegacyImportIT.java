package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import app.platform.events.EventJson;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.LegacyTokens;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Supabase users and Google identities imported from the legacy capture's changes (Debezium JSON on
 * {@code <prefix>.auth.users} / {@code .auth.identities}): ids kept, their old passwords work, bans and deletions
 * follow, an identity before its user is linked when the user comes, unusable hashes are reported, replays add
 * nothing; and what identity's own tables hold of each legacy table is what it imported ({@code …/target}), a broken
 * importer named by row and column.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"identity.legacy-import.enabled=true", "identity.legacy-import.topic-prefix=legacyimportit",
                LegacyTokens.SECRET_PROPERTY, LegacyTokens.ISSUER_PROPERTY, LegacyTokens.UNTIL_PROPERTY,
                "platform.legacy.test-switches=true", "identity.legacy-import.webauthn-rp-id=localhost"})
class LegacyImportIT {

    static final String DEMO_HASH = "$2a$10$YZP8JtE1mCo4IAI4tfI5a.yX1XXtIIcEQJEHp280FG9xrLRaH7rM6"; // Demo-password-1
    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());

    @AfterAll
    static void close() {
        kafka.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    OAuthTestClient bff() {
        return new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
    }

    static Map<String, Object> authUser(UUID id, String email, String password, String bannedUntil) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id.toString());
        row.put("email", email);
        row.put("encrypted_password", password);
        row.put("email_confirmed_at", "2025-01-02T03:04:05Z");
        row.put("banned_until", bannedUntil);
        row.put("deleted_at", null);
        row.put("is_anonymous", false);
        // jsonb as Debezium carries it: PostgreSQL's print of it
        row.put("raw_app_meta_data", "{\"provider\": \"email\"}");
        row.put("raw_user_meta_data", "{\"name\": \"Legacy\"}");
        row.put("created_at", "2024-06-01T00:00:00Z");
        return row;
    }

    void change(String table, String key, String op, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("before", before);
        change.put("after", after);
        change.put("op", op);
        change.put("source", Map.of("schema", "auth", "table", table));
        kafka.send("legacyimportit.auth." + table, key, EventJson.MAPPER.writeValueAsString(change), null);
    }

    long count(String sql, UUID id) {
        return jdbc.sql(sql).param("id", id).query(Long.class).single();
    }

    /** A services-only call on the ledger of a legacy table ({@code /api/identity/internal/legacy/<path>}): its body. */
    String internal(String method, String path) throws Exception {
        String token = new OAuthTestClient("http://localhost:" + port, "platform-services", "local-services-secret", null)
                .token(Map.of("grant_type", "client_credentials", "scope", "services")).get("access_token").asString();
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/identity/internal/legacy/" + path))
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response.body();
    }

    /** What identity's own tables hold of a legacy table against what it imported. */
    tools.jackson.databind.JsonNode target(String table) throws Exception {
        return EventJson.MAPPER.readTree(internal("GET", table + "/target"));
    }

    static void assertMatches(tools.jackson.databind.JsonNode report) {
        assertThat(report.path("error").isString()).as("no error: %s", report).isFalse();
        assertThat(report.path("compared").asLong()).as("rows compared: %s", report).isPositive();
        assertThat(report.path("missingCount").asLong()).as("missing: %s", report).isZero();
        assertThat(report.path("extraCount").asLong()).as("extra: %s", report).isZero();
        assertThat(report.path("changedCount").asLong()).as("changed: %s", report).isZero();
    }

    /** The phone of a legacy user's row in the ledger, as last captured. */
    String ledgerPhone(UUID user) {
        return jdbc.sql("SELECT row ->> 'phone' FROM legacy_row WHERE source_table = 'auth.users' AND legacy_id = :id")
                .param("id", user.toString()).query(String.class).optional().orElse(null);
    }

    @Test
    void supabaseUsersComeOverWithTheirIdsPasswordsBansAndGoogleLinks() throws Exception {
        UUID pat = UUID.randomUUID();
        UUID gail = UUID.randomUUID();
        UUID bea = UUID.randomUUID();
        UUID enc = UUID.randomUUID();

        // Gail's Google identity arrives before Gail
        Map<String, Object> identity = new LinkedHashMap<>(Map.of("id", UUID.randomUUID().toString(),
                "provider_id", "google-sub-gail", "user_id", gail.toString(),
                "provider", "google", "identity_data", "{\"sub\":\"google-sub-gail\"}"));
        change("identities", "google-sub-gail", "r", null, identity);
        Map<String, Object> patRow = authUser(pat, "Pat@Legacy.example", DEMO_HASH, null);
        change("users", pat.toString(), "r", null, patRow);
        change("users", pat.toString(), "r", null, patRow); // delivered twice
        change("users", gail.toString(), "r", null, authUser(gail, "gail@legacy.example", "", null));
        Map<String, Object> beaRow = authUser(bea, "bea@legacy.example", DEMO_HASH, Instant.now().plusSeconds(86400).toString());
        change("users", bea.toString(), "r", null, beaRow);
        change("users", enc.toString(), "r", null, authUser(enc, "enc@legacy.example",
                "{\"key_id\":\"k1\",\"alg\":\"aes-gcm-hkdf\",\"nonce\":\"x\",\"data\":\"y\"}", null));

        await().atMost(Duration.ofSeconds(60)).until(() -> java.util.stream.Stream.of(pat, gail, bea, enc)
                .allMatch(id -> count("SELECT count(*) FROM users WHERE id = :id", id) == 1)
                && count("SELECT count(*) FROM account WHERE user_id = :id AND provider = 'google'", gail) == 1);

        // the old password signs in, under the same id
        assertThat(IdentityApi.claims(bff().signIn("pat@legacy.example", "Demo-password-1"))).containsEntry("sub", pat.toString());
        assertThat(jdbc.sql("SELECT provider_subject FROM account WHERE user_id = :id AND provider = 'google'").param("id", gail)
                .query(String.class).single()).isEqualTo("google-sub-gail");
        assertThatThrownBy(() -> bff().signIn("bea@legacy.example", "Demo-password-1"))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
        assertThat(jdbc.sql("SELECT reason FROM legacy_problem WHERE legacy_id = CAST(:id AS text)").param("id", enc.toString())
                .query(String.class).single()).contains("encrypted");
        assertThat(IdentityApi.events(jdbc, pat.toString(), "UserRegistered")).singleElement()
                .satisfies(p -> assertThat(p).contains("\"imported\": true").contains("\"method\": \"password\"")
                        .doesNotContain("$2a$"));
        assertThat(IdentityApi.events(jdbc, gail.toString(), "UserRegistered")).singleElement()
                .satisfies(p -> assertThat(p).contains("\"method\": \"google\""));

        // the ban is lifted in Supabase, and Pat is deleted there
        Map<String, Object> unbanned = new LinkedHashMap<>(beaRow);
        unbanned.put("banned_until", null);
        change("users", bea.toString(), "u", beaRow, unbanned);
        change("users", pat.toString(), "d", patRow, null);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM users WHERE id = :id AND deleted_at IS NOT NULL", pat) == 1
                && count("SELECT count(*) FROM users WHERE id = :id AND banned_until IS NULL", bea) == 1);
        assertThat(IdentityApi.claims(bff().signIn("bea@legacy.example", "Demo-password-1"))).containsEntry("sub", bea.toString());
        assertThatThrownBy(() -> bff().signIn("pat@legacy.example", "Demo-password-1"))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);

        // the ledger the reconciliation reads: every user row as last captured, the deleted one gone
        String token = new OAuthTestClient("http://localhost:" + port, "platform-services", "local-services-secret", null)
                .token(Map.of("grant_type", "client_credentials", "scope", "services")).get("access_token").asString();
        var ledger = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/identity/internal/legacy/auth.users"))
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ledger.statusCode()).isEqualTo(200);
        var rows = EventJson.MAPPER.readTree(ledger.body()).path("rows");
        assertThat(rows.propertyNames()).as("this test's users (the class's other tests import theirs)")
                .contains(gail.toString(), bea.toString(), enc.toString()).doesNotContain(pat.toString());
        assertThat(rows.path(bea.toString()).asString())
                .isEqualTo(app.platform.legacy.LegacyRows.digest((tools.jackson.databind.JsonNode) EventJson.MAPPER.valueToTree(unbanned)));
    }

    @Test
    void goTrueRowsAsRealProjectsHaveThemComeOverAndAPasswordEmptiedInSupabaseStopsWorking() throws Exception {
        UUID b4 = UUID.randomUUID();
        UUID y12 = UUID.randomUUID();
        UUID argon = UUID.randomUUID();
        UUID password = UUID.randomUUID();
        UUID sso = UUID.randomUUID();
        UUID phoneOnly = UUID.randomUUID();
        UUID twin = UUID.randomUUID();
        UUID twinInLowerCase = UUID.randomUUID();
        UUID linked = UUID.randomUUID();
        String tag = b4.toString().substring(0, 8);

        // bcrypt of every version and of low and high costs, and argon2 (GoTrue accepts it): each verified as it is
        change("users", b4.toString(), "r", null, authUser(b4, "b4-" + tag + "@legacy.example",
                new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B, 4).encode("Legacy-pass-b4"), null));
        change("users", y12.toString(), "r", null, authUser(y12, "y12-" + tag + "@legacy.example",
                new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2Y, 12).encode("Legacy-pass-y12"), null));
        String argonHash = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode("Legacy-pass-argon2");
        change("users", argon.toString(), "r", null, authUser(argon, "argon-" + tag + "@legacy.example", argonHash, null));
        // an SSO user shares its address with a password user, as GoTrue allows
        change("users", password.toString(), "r", null, authUser(password, "shared-" + tag + "@legacy.example", DEMO_HASH, null));
        Map<String, Object> ssoRow = authUser(sso, "shared-" + tag + "@legacy.example", "", null);
        ssoRow.put("is_sso_user", true);
        change("users", sso.toString(), "r", null, ssoRow);
        // a phone-only user
        Map<String, Object> phoneRow = authUser(phoneOnly, null, "", null);
        phoneRow.put("phone", "15550100" + tag.substring(0, 3).replaceAll("[^0-9]", "7"));
        phoneRow.put("email_confirmed_at", null);
        change("users", phoneOnly.toString(), "r", null, phoneRow);
        // two addresses that differ only in case (GoTrue's index is case-sensitive, identity's is not): the second is
        // parked with the rule it breaks, and the next change on the same partition is still imported
        change("users", "twins", "r", null, authUser(twin, "Twin-" + tag + "@legacy.example", DEMO_HASH, null));
        change("users", "twins", "r", null, authUser(twinInLowerCase, "twin-" + tag + "@legacy.example", DEMO_HASH, null));
        change("users", "twins", "r", null, authUser(linked, "linked-" + tag + "@legacy.example", "", null));
        // identities of every provider
        Map<String, Map<String, Object>> identities = new LinkedHashMap<>();
        for (String[] provider : new String[][] {{"apple", "apple-sub"}, {"github", "4242"}, {"azure", "azure-oid"},
                {"sso:9d4c5a1e-0b7e-4d1a-8f2c-3e6b7a8c9d0e", "saml-name-id"}, {"email", linked.toString()}}) {
            identities.put(provider[0], new LinkedHashMap<>(Map.of("id", UUID.randomUUID().toString(),
                    "provider_id", provider[1] + "-" + tag, "user_id", linked.toString(), "provider", provider[0],
                    "identity_data", "{}")));
            change("identities", provider[1], "r", null, identities.get(provider[0]));
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> count("SELECT count(*) FROM account WHERE user_id = :id", linked) == 4
                && java.util.stream.Stream.of(b4, y12, argon, password, sso, phoneOnly, twin)
                .allMatch(id -> count("SELECT count(*) FROM users WHERE id = :id", id) == 1));

        assertThat(IdentityApi.claims(bff().signIn("b4-" + tag + "@legacy.example", "Legacy-pass-b4"))).containsEntry("sub", b4.toString());
        assertThat(IdentityApi.claims(bff().signIn("y12-" + tag + "@legacy.example", "Legacy-pass-y12"))).containsEntry("sub", y12.toString());
        assertThat(IdentityApi.claims(bff().signIn("argon-" + tag + "@legacy.example", "Legacy-pass-argon2"))).containsEntry("sub", argon.toString());
        assertThat(jdbc.sql("SELECT password_hash FROM account WHERE user_id = :id AND provider = 'password'").param("id", argon)
                .query(String.class).single()).as("rehashed to bcrypt at the first sign-in").startsWith("{bcrypt}$2");
        assertThat(IdentityApi.claims(bff().signIn("shared-" + tag + "@legacy.example", "Demo-password-1")))
                .as("the password user, not the SSO user").containsEntry("sub", password.toString());
        assertThat(count("SELECT count(*) FROM users WHERE id = :id AND is_sso_user", sso)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM users WHERE id = :id AND email IS NULL AND phone LIKE '15550100%'", phoneOnly)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT reason FROM legacy_problem WHERE legacy_id = :id").param("id", twinInLowerCase.toString())
                .query(String.class).single()).isEqualTo("could not be applied: SQLSTATE 23505 (constraint users_email_key)");
        assertThat(count("SELECT count(*) FROM users WHERE id = :id", twinInLowerCase)).isZero();
        assertThat(jdbc.sql("SELECT string_agg(provider, ',' ORDER BY provider) FROM account WHERE user_id = :id").param("id", linked)
                .query(String.class).single()).isEqualTo("apple,azure,github,sso:9d4c5a1e-0b7e-4d1a-8f2c-3e6b7a8c9d0e");

        // in Supabase: b4's password is emptied, y12's hash becomes one identity cannot verify, y12's address is
        // removed, and the GitHub identity is unlinked
        Map<String, Object> emptied = authUser(b4, "b4-" + tag + "@legacy.example", "", null);
        change("users", b4.toString(), "u", null, emptied);
        Map<String, Object> unverifiable = authUser(y12, null, "$argon2d$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo", null);
        change("users", y12.toString(), "u", null, unverifiable);
        change("identities", "4242", "d", identities.get("github"), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM account WHERE user_id = :id AND provider = 'password'", b4) == 0
                && count("SELECT count(*) FROM account WHERE user_id = :id AND provider = 'password'", y12) == 0
                && count("SELECT count(*) FROM users WHERE id = :id AND email IS NULL", y12) == 1
                && count("SELECT count(*) FROM account WHERE user_id = :id", linked) == 3);
        assertThatThrownBy(() -> bff().signIn("b4-" + tag + "@legacy.example", "Legacy-pass-b4"))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
        assertThat(jdbc.sql("SELECT reason FROM legacy_problem WHERE legacy_id = :id").param("id", y12.toString())
                .query(String.class).single()).contains("unsupported kind");

        // a 200 KB raw_user_meta_data (TOASTed) that a later update leaves alone: Debezium sends its placeholder, and
        // the metadata stays whole
        Map<String, Object> toasted = authUser(argon, "argon-" + tag + "@legacy.example", argonHash, null);
        toasted.put("raw_user_meta_data", "{\"bio\": \"" + "x".repeat(200_000) + "\"}");
        change("users", argon.toString(), "u", null, toasted);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "SELECT count(*) FROM users WHERE id = :id AND length(CAST(user_metadata AS text)) > 200000", argon) == 1);
        Map<String, Object> banned = new LinkedHashMap<>(toasted);
        banned.put("raw_user_meta_data", app.platform.legacy.LegacyChange.UNAVAILABLE);
        banned.put("banned_until", Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString());
        change("users", argon.toString(), "u", null, banned);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "SELECT count(*) FROM users WHERE id = :id AND banned_until IS NOT NULL", argon) == 1);
        assertThat(count("SELECT count(*) FROM users WHERE id = :id AND length(CAST(user_metadata AS text)) > 200000", argon))
                .as("the unchanged TOASTed metadata is kept").isEqualTo(1);
        assertThat(jdbc.sql("SELECT CAST(row AS text) FROM legacy_row WHERE legacy_id = :id").param("id", argon.toString())
                .query(String.class).single()).doesNotContain(app.platform.legacy.LegacyChange.UNAVAILABLE).contains("x".repeat(1000));
    }

    @Test
    void whatIdentityHoldsOfEachLegacyTableIsWhatItImported() throws Exception {
        UUID kept = UUID.randomUUID();
        UUID softDeleted = UUID.randomUUID();
        UUID gone = UUID.randomUUID();
        String tag = kept.toString().substring(0, 8);
        // an address in mixed case (lower-cased here), a phone, a hash rehashed at the first sign-in here, a GitHub
        // identity and an email one (which mirrors the user: no link); a user soft-deleted in Supabase, one deleted
        Map<String, Object> keptRow = authUser(kept, "Kept-" + tag + "@Legacy.example", DEMO_HASH, null);
        keptRow.put("phone", "4930" + Math.abs(kept.getLeastSignificantBits() % 100_000_000L));
        change("users", kept.toString(), "r", null, keptRow);
        Map<String, Object> softRow = authUser(softDeleted, "soft-" + tag + "@legacy.example", DEMO_HASH, null);
        softRow.put("deleted_at", "2025-02-03T04:05:06.123456Z");
        change("users", softDeleted.toString(), "r", null, softRow);
        Map<String, Object> goneRow = authUser(gone, "gone-" + tag + "@legacy.example", "", null);
        change("users", gone.toString(), "r", null, goneRow);
        UUID emailIdentity = UUID.randomUUID();
        for (String[] identity : new String[][] {{UUID.randomUUID().toString(), "github", "gh-" + tag},
                {emailIdentity.toString(), "email", kept.toString()}}) {
            change("identities", identity[2], "r", null, new LinkedHashMap<>(Map.of("id", identity[0], "provider", identity[1],
                    "provider_id", identity[2], "user_id", kept.toString(), "identity_data", "{}")));
        }
        change("users", gone.toString(), "d", goneRow, null);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM account WHERE user_id = :id AND provider = 'github'", kept) == 1
                && count("SELECT count(*) FROM users WHERE id = :id", softDeleted) == 1
                && count("SELECT count(*) FROM users WHERE id = :id AND deleted_at IS NOT NULL", gone) == 1
                && count("SELECT count(*) FROM legacy_row WHERE legacy_id = CAST(:id AS text) AND applied", emailIdentity) == 1);
        assertThat(IdentityApi.claims(bff().signIn("kept-" + tag + "@legacy.example", "Demo-password-1"))).containsEntry("sub", kept.toString());
        assertThat(jdbc.sql("SELECT password_hash FROM account WHERE user_id = :id AND provider = 'password'").param("id", kept)
                .query(String.class).single()).startsWith("{bcrypt}");

        var users = target("auth.users");
        assertMatches(users);
        assertThat(users.path("dropped").path("updated_at").asString()).as(users.toString()).isNotBlank();
        assertMatches(target("auth.identities"));
    }

    @Test
    void anImporterThatDropsAColumnIsNamedWithTheRowAndTheColumn() throws Exception {
        UUID user = UUID.randomUUID();
        String tag = user.toString().substring(0, 8);
        Map<String, Object> row = authUser(user, "broken-" + tag + "@legacy.example", DEMO_HASH, null);
        String phone = "4940" + Math.floorMod(tag.hashCode(), 100_000_000);
        row.put("phone", phone);
        change("users", user.toString(), "r", null, row);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM users WHERE id = :id AND phone IS NOT NULL", user) == 1);

        // the importer stops seeing auth.users' phone; the phone changes in Supabase
        internal("PUT", "auth.users/broken-column/phone");
        try {
            Map<String, Object> moved = new LinkedHashMap<>(row);
            moved.put("phone", phone + "1");
            change("users", user.toString(), "u", row, moved);
            await().atMost(Duration.ofSeconds(60)).until(() -> moved.get("phone").equals(ledgerPhone(user)));
            var report = target("auth.users");
            assertThat(report.path("changed").path(user.toString()).toString()).as(report.toString()).isEqualTo("[\"phone\"]");
            assertThat(report.path("changedCount").asLong()).as(report.toString()).isEqualTo(1);
        } finally {
            internal("DELETE", "auth.users/broken-column");
        }

        // mended, the next change of the row brings it right
        Map<String, Object> again = new LinkedHashMap<>(row);
        again.put("phone", phone + "2");
        change("users", user.toString(), "u", null, again);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "SELECT count(*) FROM users WHERE id = :id AND phone = '" + again.get("phone") + "'", user) == 1);
        assertMatches(target("auth.users"));
    }

    /** A Supabase access token as GoTrue signs it (HS256 under the project's JWT secret). */
    @Test
    void aUserSignedInToSupabaseStaysSignedInByExchangingTheLegacyTokenOnce() throws Exception {
        UUID user = UUID.randomUUID();
        UUID banned = UUID.randomUUID();
        jdbc.sql("INSERT INTO users (id, email, email_verified_at) VALUES (:id, :email, now())").param("id", user)
                .param("email", "kept@legacy.example").update();
        jdbc.sql("INSERT INTO users (id, email, banned_until) VALUES (:id, 'banned@legacy.example', now() + interval '1 day')")
                .param("id", banned).update();
        UUID supabaseSession = UUID.randomUUID();
        String token = LegacyTokens.accessToken(user, supabaseSession, java.time.Duration.ofMinutes(30));

        var browser = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback").session();
        browser.startAuthorization();
        String before = browser.cookie("__Host-SESSION");
        assertThat(before).isNotNull();
        var accepted = browser.exchangeLegacyToken(token);
        assertThat(accepted.statusCode()).isEqualTo(302);
        // session fixation: signing in gives a new session id, in a cookie set explicitly
        assertThat(browser.cookie("__Host-SESSION")).isNotNull().isNotEqualTo(before);
        assertThat(accepted.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("__Host-SESSION=").contains("; Path=/").contains("; Secure").contains("; HttpOnly")
                .contains("; SameSite=Lax").doesNotContainIgnoringCase("domain="));
        var claims = IdentityApi.claims(browser.finish(browser.location(accepted)));
        assertThat(claims).containsEntry("sub", user.toString()).containsEntry("aal", "aal1");
        assertThat(claims.get("amr").toString()).contains("legacy_session");
        // a sign-in made in Supabase, not now (its session is not among the imported: long ago), so the token passes no
        // step-up or re-authentication by recency
        assertThat(((Number) claims.get("auth_time")).longValue()).isLessThan(java.time.Instant.now().minusSeconds(3600)
                .getEpochSecond());
        assertThat(IdentityApi.events(jdbc, user.toString(), "UserSignedIn")).singleElement()
                .satisfies(p -> assertThat(p).contains("legacy_session").doesNotContain(token));

        // once only; and never a forged, expired, banned or unknown one
        var again = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback").session();
        again.startAuthorization();
        var fiveMinutes = java.time.Duration.ofMinutes(5);
        assertThat(again.exchangeLegacyToken(token).statusCode()).isEqualTo(401);
        // once per Supabase session, not per token string: the session's refreshed token is refused too
        assertThat(again.exchangeLegacyToken(LegacyTokens.accessToken(user, supabaseSession, fiveMinutes)).statusCode())
                .isEqualTo(401);
        assertThat(again.exchangeLegacyToken(LegacyTokens.sign("another-secret-of-at-least-32-characters!!",
                LegacyTokens.claims(user, UUID.randomUUID(), fiveMinutes).build())).statusCode()).isEqualTo(401);
        // another project's token (the same secret copied to staging, say), or one without its session
        assertThat(again.exchangeLegacyToken(LegacyTokens.sign(LegacyTokens.SECRET, LegacyTokens.claims(user,
                UUID.randomUUID(), fiveMinutes).issuer("https://otherref.supabase.co/auth/v1").build())).statusCode())
                .isEqualTo(401);
        assertThat(again.exchangeLegacyToken(LegacyTokens.sign(LegacyTokens.SECRET, LegacyTokens.claims(user,
                UUID.randomUUID(), fiveMinutes).claim("session_id", null).build())).statusCode()).isEqualTo(401);
        assertThat(again.exchangeLegacyToken(LegacyTokens.accessToken(user, UUID.randomUUID(),
                java.time.Duration.ofMinutes(-1))).statusCode()).isEqualTo(401);
        assertThat(again.exchangeLegacyToken(LegacyTokens.accessToken(banned, UUID.randomUUID(), fiveMinutes)).statusCode())
                .isEqualTo(401);
        assertThat(again.exchangeLegacyToken(LegacyTokens.accessToken(UUID.randomUUID(), UUID.randomUUID(), fiveMinutes))
                .statusCode()).isEqualTo(401);
        // another session of the same user is a sign-in of its own
        var second = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback").session();
        second.startAuthorization();
        assertThat(second.exchangeLegacyToken(LegacyTokens.accessToken(user, UUID.randomUUID(), fiveMinutes)).statusCode())
                .isEqualTo(302);
        assertThat(again.exchangeLegacyToken("not.a.token").statusCode()).isEqualTo(401);
    }

    /** {@code POST /oauth2/token} as the browser app ({@code web}, a public client): a legacy token exchanged. */
    java.net.http.HttpResponse<String> exchange(String type, String token) {
        return new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback")
                .exchangeSupabase(type, token);
    }

    static final String REFRESH = "urn:supabase:params:oauth:token-type:refresh_token";

    static void assertRefused(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(EventJson.MAPPER.readTree(response.body()).path("error").asString()).isEqualTo("invalid_grant");
    }

    Map<String, Object> session(UUID id, UUID user, String aal, UUID factor, String notAfter) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id.toString());
        row.put("user_id", user.toString());
        row.put("created_at", "2026-11-30T10:00:00Z");
        row.put("updated_at", "2026-11-30T10:00:00Z");
        row.put("factor_id", factor == null ? null : factor.toString());
        row.put("aal", aal);
        row.put("not_after", notAfter);
        row.put("refreshed_at", 1_764_496_800_000_000L); // timestamp without time zone: micros of UTC's wall time
        row.put("user_agent", "Mozilla/5.0 (X11; Linux x86_64)");
        row.put("ip", "192.0.2.7");
        row.put("tag", null);
        row.put("oauth_client_id", null);
        row.put("refresh_token_hmac_key", null);
        row.put("refresh_token_counter", null);
        row.put("scopes", null);
        return row;
    }

    void refreshToken(long id, UUID user, UUID session, String token, boolean revoked) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("instance_id", "00000000-0000-0000-0000-000000000000");
        row.put("id", id);
        row.put("token", app.platform.legacy.HashedColumns.hash(token)); // the capture masks it so
        row.put("user_id", user.toString());
        row.put("revoked", revoked);
        row.put("created_at", "2026-11-30T10:00:00Z");
        row.put("updated_at", "2026-11-30T10:00:00Z");
        row.put("parent", null);
        row.put("session_id", session.toString());
        change("refresh_tokens", String.valueOf(id), "c", null, row);
    }

    @Test
    void aPersonHoldingOnlyASupabaseRefreshTokenIsSignedInOnceWithTheirSecondFactorsCarriedOver() throws Exception {
        UUID ada = UUID.randomUUID();
        UUID ben = UUID.randomUUID();
        UUID cleo = UUID.randomUUID();
        String secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        UUID totp = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        // the factors come before their users (another topic): they wait for them
        Map<String, Object> factor = new LinkedHashMap<>();
        factor.put("id", totp.toString());
        factor.put("user_id", ada.toString());
        factor.put("friendly_name", "Phone");
        factor.put("factor_type", "totp");
        factor.put("status", "verified");
        factor.put("created_at", "2026-10-01T00:00:00Z");
        factor.put("updated_at", "2026-10-01T00:00:00Z");
        factor.put("secret", secret);
        factor.put("phone", null);
        factor.put("last_challenged_at", null);
        factor.put("web_authn_credential", null);
        factor.put("web_authn_aaguid", null);
        change("mfa_factors", totp.toString(), "c", null, factor);
        var passkey = new app.platform.testkit.SoftwarePasskey("http://localhost:8080", "localhost");
        Map<String, Object> webauthn = new LinkedHashMap<>(factor);
        webauthn.put("id", key.toString());
        webauthn.put("user_id", ben.toString());
        webauthn.put("friendly_name", "YubiKey");
        webauthn.put("factor_type", "webauthn");
        webauthn.put("secret", null);
        webauthn.put("web_authn_credential", passkey.goTrueCredential(ben));
        webauthn.put("web_authn_aaguid", "00000000-0000-0000-0000-000000000000");
        change("mfa_factors", key.toString(), "c", null, webauthn);
        for (UUID user : new UUID[] {ada, ben, cleo}) {
            change("users", user.toString(), "c", null, authUser(user, user + "@legacy.example", DEMO_HASH, null));
        }
        UUID adaSession = UUID.randomUUID();
        UUID benSession = UUID.randomUUID();
        UUID ended = UUID.randomUUID();
        change("sessions", adaSession.toString(), "c", null, session(adaSession, ada, "aal2", totp, null));
        change("sessions", benSession.toString(), "c", null, session(benSession, ben, "aal1", null, null));
        change("sessions", ended.toString(), "c", null, session(ended, cleo, "aal1", null, "2026-01-01T00:00:00Z"));
        refreshToken(1, ada, adaSession, "adarotated01", true);
        refreshToken(2, ada, adaSession, "adacurrent02", false);
        refreshToken(3, ben, benSession, "bencurrent03", false);
        refreshToken(4, cleo, ended, "cleoended004", false);
        // an aal1 session of Ada (who has a second step), and a session GoTrue's OAuth server gave another client
        UUID adaAal1 = UUID.randomUUID();
        change("sessions", adaAal1.toString(), "c", null, session(adaAal1, ada, "aal1", null, null));
        refreshToken(6, ada, adaAal1, "adaaal1only6", false);
        UUID oauth = UUID.randomUUID();
        Map<String, Object> oauthSession = session(oauth, ben, "aal1", null, null);
        oauthSession.put("oauth_client_id", UUID.randomUUID().toString());
        change("sessions", oauth.toString(), "c", null, oauthSession);
        refreshToken(7, ben, oauth, "benoauthapp7", false);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM legacy_refresh_token WHERE user_id = CAST(:id AS text)", cleo) == 1
                && count("SELECT count(*) FROM legacy_refresh_token WHERE user_id = CAST(:id AS text)", ben) == 2
                && count("SELECT count(*) FROM legacy_refresh_token WHERE user_id = CAST(:id AS text)", ada) == 3
                && count("SELECT count(*) FROM two_factor WHERE user_id = :id AND confirmed_at IS NOT NULL", ada) == 1);
        assertRefused(exchange(REFRESH, "adaaal1only6")); // the sign-in page asks for her second step instead
        assertRefused(exchange(REFRESH, "benoauthapp7"));

        // no token is kept, only its hash
        assertThat(jdbc.sql("SELECT count(*) FROM legacy_refresh_token WHERE token_hash LIKE 'ada%'").query(Long.class)
                .single()).isZero();
        // a revoked (rotated) token, or one of a session past its not_after, is refused
        assertRefused(exchange(REFRESH, "adarotated01"));
        assertRefused(exchange(REFRESH, "cleoended004"));
        assertRefused(exchange(REFRESH, "neverissued1"));
        // the current one signs Ada in, under her id, still aal2: her TOTP came over
        var accepted = exchange(REFRESH, "adacurrent02");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        var tokens = EventJson.MAPPER.readTree(accepted.body());
        assertThat(tokens.path("issued_token_type").asString()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        var claims = IdentityApi.claims(tokens);
        assertThat(claims).containsEntry("sub", ada.toString()).containsEntry("aal", "aal2");
        assertThat(claims.get("amr").toString()).contains("legacy_session").contains("totp");
        // signed in when the Supabase session began, not at the exchange
        assertThat(((Number) claims.get("auth_time")).longValue())
                .isEqualTo(java.time.Instant.parse("2026-11-30T10:00:00Z").getEpochSecond());
        // the platform session refreshes like any other
        var web = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback");
        var refreshed = web.token(Map.of("grant_type", "refresh_token", "client_id", "web",
                "refresh_token", tokens.path("refresh_token").asString()));
        // presented again, the legacy token is refused, and the session it became is revoked
        assertRefused(exchange(REFRESH, "adacurrent02"));
        assertThatThrownBy(() -> web.token(Map.of("grant_type", "refresh_token", "client_id", "web",
                "refresh_token", refreshed.path("refresh_token").asString())))
                .isInstanceOf(OAuthTestClient.TokenRefused.class);
        assertThat(IdentityApi.events(jdbc, ada.toString(), "SessionRevoked"))
                .anySatisfy(p -> assertThat(p).contains("legacy_token_reuse"));
        // Ada's authenticator app still works for the second step
        var signedIn = bff().signIn(ada + "@legacy.example", "Demo-password-1", () -> app.platform.testkit.TotpTestCodes
                .code(secret, app.platform.testkit.TotpTestCodes.step(Instant.now())));
        assertThat(IdentityApi.claims(signedIn)).containsEntry("aal", "aal2");
        assertThat(IdentityApi.events(jdbc, ada.toString(), "TwoFactorEnabled"))
                .anySatisfy(p -> assertThat(p).contains("\"imported\": true").doesNotContain(secret));

        // Ben's security key is a passkey here: the same authenticator signs him in
        var browser = bff().session();
        browser.startAuthorization();
        var options = EventJson.MAPPER.readTree(browser.postJson("/webauthn/authenticate/options", "").body());
        var answer = browser.postJson("/login/webauthn", passkey.assertion(options));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(IdentityApi.claims(browser.finish(EventJson.MAPPER.readTree(answer.body()).get("redirectUrl")
                .asString()))).containsEntry("sub", ben.toString());
        // GoTrue rewrites a factor at each challenge: carried once, it is not carried again
        webauthn.put("last_challenged_at", "2026-11-30T11:00:00Z");
        change("mfa_factors", key.toString(), "u", null, webauthn);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM legacy_row WHERE source_table = "
                + "'auth.mfa_factors' AND legacy_id = :id AND row ->> 'last_challenged_at' IS NOT NULL")
                .param("id", key.toString()).query(Long.class).single() == 1);
        assertThat(IdentityApi.events(jdbc, ben.toString(), "PasskeyRegistered")).hasSize(1);
        var benTokens = EventJson.MAPPER.readTree(exchange(REFRESH, "bencurrent03").body());
        assertThat(IdentityApi.claims(benTokens)).containsEntry("sub", ben.toString()).containsEntry("aal", "aal1");
        assertThat(IdentityApi.events(jdbc, ben.toString(), "UserSignedIn"))
                .anySatisfy(p -> assertThat(p).contains("legacy_session"));
        // Ben signs out everywhere else: his Supabase sessions not exchanged yet end too (one stolen from the legacy
        // app would otherwise outlive it); one he begins in Supabase after that is his again
        UUID benEarlier = UUID.randomUUID();
        UUID benLater = UUID.randomUUID();
        change("sessions", benEarlier.toString(), "c", null, session(benEarlier, ben, "aal1", null, null));
        Map<String, Object> later = session(benLater, ben, "aal1", null, null);
        later.put("created_at", Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        change("sessions", benLater.toString(), "c", null, later);
        refreshToken(8, ben, benEarlier, "benearlier08", false);
        refreshToken(9, ben, benLater, "benlater0009", false);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM legacy_refresh_token WHERE user_id = CAST(:id AS text)", ben) == 4);
        assertThat(IdentityApi.lenient(port).delete().uri("/api/identity/sessions")
                .header("Authorization", IdentityApi.bearer(benTokens)).retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(200);
        assertRefused(exchange(REFRESH, "benearlier08"));
        assertThat(exchange(REFRESH, "benlater0009").statusCode()).isEqualTo(200);

        // banned since: refused
        change("users", cleo.toString(), "u", null, authUser(cleo, cleo + "@legacy.example", DEMO_HASH, "2999-01-01T00:00:00Z"));
        UUID cleoSession = UUID.randomUUID();
        change("sessions", cleoSession.toString(), "c", null, session(cleoSession, cleo, "aal1", null, null));
        refreshToken(5, cleo, cleoSession, "cleobanned05", false);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM legacy_refresh_token WHERE user_id = CAST(:id AS text)", cleo) == 2);
        assertRefused(exchange(REFRESH, "cleobanned05"));

        // what identity holds of the three tables is what it imported
        assertMatches(target("auth.sessions"));
        assertMatches(target("auth.refresh_tokens"));
        assertMatches(target("auth.mfa_factors"));
    }
}
