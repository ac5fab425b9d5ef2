package app.platform.relay;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaBootstrap;
import app.platform.testkit.KafkaTestClient;
import app.platform.legacydemo.LegacyDemo;
import app.platform.relay.cutover.domain.Lsn;
import app.platform.runtime.DevelopmentSecrets;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestDatabase;
import app.platform.testkit.TestTokenIssuer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cutover's operations on a captured demo legacy database: the status shows the engine, the slot and the
 * publication; the report compares every legacy table with its importer's ledger (here served by a local stand-in of
 * the five services, whose ledgers are the legacy rows' digests with a gap, an extra row and a changed row) and names
 * the differences (problems block it; uncaptured tables in scope are named); finalizing is refused until freeze,
 * drain and verify passed at one fence: freeze makes the legacy app's role read-only and ends its session (unfreeze
 * gives it back), drain waits for the slot and an importer's consumer group past the fence, verification runs as a
 * job; finalize stops the capture and keeps the slot for the soak, {@code dropSlot} drops the slot and the
 * publication from the legacy database, for good (a restarted relay does not capture again); an ended cutover
 * cannot be rolled back; the preflight passes on the demo (capture running); only admins may do any of it. A table is
 * re-snapshotted: the ghost row the stand-in's ledger holds is deleted on the table's topic (the capture's key, the
 * legacy snapshot's position), then Debezium's incremental snapshot reads the table again; the sweep of ghost rows
 * that follows the initial snapshot waits for the importers, then runs.
 */
@RealInfrastructure
class CutoverIT {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void statusThenFinalizeDropsTheSlotAndThePublicationForGood(TestDatabase relayDb, KafkaBootstrap kafka) throws Exception {
        TestDatabase legacy = Infrastructure.newDatabase("legacy_cutover");
        try (Connection c = DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password())) {
            LegacyDemo.create(c, 1);
            // an owner's index of the rows that name a user serves the failback's lookups as well as a whole one
            c.createStatement().execute("CREATE INDEX ON public.user_addresses (user_id) WHERE user_id IS NOT NULL");
            // the legacy app's own role, which freeze makes read-only
            c.createStatement().execute("CREATE ROLE " + appRole(prefix(relayDb)) + " LOGIN PASSWORD 'app-password'");
            c.createStatement().execute("GRANT USAGE ON SCHEMA public TO " + appRole(prefix(relayDb)));
            c.createStatement().execute("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO " + appRole(prefix(relayDb)));
            c.createStatement().execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + appRole(prefix(relayDb)));
        }
        String prefix = prefix(relayDb);
        try (TestTokenIssuer issuer = new TestTokenIssuer(); KafkaTestClient reader = new KafkaTestClient(kafka.servers());
             LedgerOwners owners = new LedgerOwners(legacy)) {
            String admin = issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");
            String member = issuer.accessToken(UUID.randomUUID(), "m@example.com", "authenticated");
            try (ConfigurableApplicationContext relay = start(relayDb, legacy, kafka, prefix, issuer, owners)) {
                reader.readUntil(Pattern.compile(Pattern.quote(prefix) + "\\.auth\\.users"), seen -> seen.size() >= 22,
                        Duration.ofSeconds(120));
                WebTestClient web = client(relay);
                web.get().uri("/api/cutover/admin/status").exchange().expectStatus().isUnauthorized();
                web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(member)).exchange()
                        .expectStatus().isForbidden();
                // the engine is supervised: should the embedded broker stall a batch past its delivery time-out, the
                // engine restarts a second later, and the status says so meanwhile
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> JSON.readTree(web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin))
                                .exchange().expectBody().returnResult().getResponseBody()).at("/engine/running").asBoolean());
                web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.state").isEqualTo("capturing")
                        .jsonPath("$.engine.running").isEqualTo(true)
                        .jsonPath("$.slot.exists").isEqualTo(true)
                        .jsonPath("$.slot.active").isEqualTo(true)
                        .jsonPath("$.publication.exists").isEqualTo(true)
                        .jsonPath("$.publication.tables").value(t -> assertThat(t.toString()).contains("auth.users", "public.users"));
                // preflight, with the capture running: the demo passes (its unlimited max_slot_wal_keep_size is a warning)
                web.get().uri("/api/cutover/admin/preflight").headers(h -> h.setBearerAuth(member)).exchange()
                        .expectStatus().isForbidden();
                web.get().uri("/api/cutover/admin/preflight").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.passed").isEqualTo(true)
                        .jsonPath("$.checks[*].name").value(names -> assertThat(names.toString()).contains("direct_connection",
                                "wal_level", "replication_slots", "wal_senders", "replication_role", "publication",
                                "select_rights", "row_level_security", "primary_keys", "user_id_indexes", "statement_timeout",
                                "max_slot_wal_keep_size", "wal_size"))
                        .jsonPath("$.checks[?(@.name == 'wal_level')].found").isEqualTo("logical")
                        .jsonPath("$.checks[?(@.name == 'max_slot_wal_keep_size')].severity").isEqualTo("warning")
                        .jsonPath("$.checks[?(@.name == 'signal_table')].passed").isEqualTo(true)
                        // the demo's app tables have no index by user_id, as the owners made them; GoTrue's have theirs
                        .jsonPath("$.checks[?(@.name == 'user_id_indexes')].passed").isEqualTo(false)
                        .jsonPath("$.checks[?(@.name == 'user_id_indexes')].severity").isEqualTo("warning")
                        .jsonPath("$.checks[?(@.name == 'user_id_indexes')].fix").value(fix -> assertThat(fix.toString())
                                .contains("CREATE INDEX CONCURRENTLY ON public.user_contacts (user_id);")
                                .doesNotContain("public.users ").doesNotContain("public.user_addresses").doesNotContain("audit_logs")
                                .doesNotContain("auth."));

                // the initial snapshot ended: its sweep of ghost rows waits for the importers to apply it, and this test's
                // import group (cutover-it) has committed nothing yet (its lag counts the topics whole, or -1 unread)
                JsonNode waiting = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500)).until(() -> status(web, admin).path("ghostRowSweep"),
                                sweep -> sweep.path("state").asString("").equals("waiting")
                                        && sweep.path("importLag").has("cutover-it"));
                assertThat(waiting.at("/importLag/cutover-it").asLong()).as("not caught up").isNotZero();
                assertThat(waiting.path("removed").isEmpty()).as("nothing swept before the importers caught up").isTrue();

                // the snapshot's first batch is counted once Kafka acknowledged all of it
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                    byte[] body = web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin)).exchange()
                            .expectBody().returnResult().getResponseBody();
                    return new String(body).matches("(?s).*\"forwarded\":(2[3-9]|[3-9]\\d|\\d{3,}).*");
                });
                // the report names what differs; verification and finalizing are refused until nothing does
                web.get().uri("/api/cutover/report").headers(h -> h.setBearerAuth(member)).exchange().expectStatus().isForbidden();
                web.get().uri("/api/cutover/report").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.matches").isEqualTo(false)
                        .jsonPath("$.snapshotLsn").value(lsn -> assertThat(lsn.toString()).matches("[0-9A-F]+/[0-9A-F]+"))
                        .jsonPath("$.tables.length()").isEqualTo(19 + 4)
                        .jsonPath("$.tables[?(@.table == 'public.users')].legacyCount").isEqualTo(17)
                        .jsonPath("$.tables[?(@.table == 'public.users')].importedCount").isEqualTo(17)
                        .jsonPath("$.tables[?(@.table == 'public.users')].missingIds[0]").isEqualTo(owners.gap)
                        .jsonPath("$.tables[?(@.table == 'public.users')].extraIds[0]").isEqualTo(LedgerOwners.EXTRA)
                        .jsonPath("$.tables[?(@.table == 'public.users')].changedIds[0]").isEqualTo(owners.changed)
                        .jsonPath("$.tables[?(@.table == 'public.users')].checksumMatch").isEqualTo(false)
                        .jsonPath("$.tables[?(@.table == 'public.users')].problems.x").isEqualTo("a reason")
                        .jsonPath("$.tables[?(@.table == 'public.users')].problemCount").isEqualTo(1)
                        .jsonPath("$.tables[?(@.table == 'public.system_audit_logs')].legacyCount").isEqualTo(1950)
                        .jsonPath("$.tables[?(@.table == 'public.system_audit_logs')].checksumMatch").isEqualTo(true)
                        // the owner's own tables, turned back into legacy terms: the differing column named
                        .jsonPath("$.tables[?(@.table == 'public.users')].target.changed['" + owners.changed + "'][0]").isEqualTo("email")
                        .jsonPath("$.tables[?(@.table == 'public.users')].target.dropped.updated_at").isEqualTo("the service keeps its own")
                        .jsonPath("$.tables[?(@.table == 'public.system_audit_logs')].target.changedCount").isEqualTo(1)
                        .jsonPath("$.tables[?(@.table == 'auth.users')].owner").isEqualTo("identity")
                        // the sessions, refresh tokens and factors are identity's (empty in the demo: matching)
                        .jsonPath("$.tables[?(@.table == 'auth.sessions')].owner").isEqualTo("identity")
                        .jsonPath("$.tables[?(@.table == 'auth.refresh_tokens')].checksumMatch").isEqualTo(true)
                        .jsonPath("$.tables[?(@.table == 'auth.mfa_factors')].owner").isEqualTo("identity")
                        // in scope, not captured, absent from the demo: named, and passing while empty
                        .jsonPath("$.tables[?(@.table == 'public.user_agreements')].owner").isEqualTo("(not captured; absent)")
                        .jsonPath("$.tables[?(@.table == 'public.user_agreements')].checksumMatch").isEqualTo(true);
                JsonNode differs = verification(web, admin);
                assertThat(differs.get("state").asString()).isEqualTo("differs");
                assertThat(differs.get("recorded").asBoolean()).isFalse();
                assertThat(differs.get("tablesDone").asInt()).isEqualTo(23);

                // re-snapshot public.users: the stand-in's ledger holds EXTRA, which the legacy table lacks (a ghost row); it
                // is deleted first, keyed as the capture keys the row and placed at the legacy snapshot's position, then
                // Debezium's incremental snapshot of the table is signalled, and its reads follow
                web.post().uri("/api/cutover/admin/resnapshot?table=public.users").headers(h -> h.setBearerAuth(member))
                        .exchange().expectStatus().isForbidden();
                web.post().uri("/api/cutover/admin/resnapshot?table=public.nope").headers(h -> h.setBearerAuth(admin))
                        .exchange().expectStatus().isNotFound().expectHeader().contentType("application/problem+json")
                        .expectBody().jsonPath("$.detail").isEqualTo("no such captured table public.nope");
                web.post().uri("/api/cutover/admin/resnapshot?table=users").headers(h -> h.setBearerAuth(admin))
                        .exchange().expectStatus().isBadRequest().expectHeader().contentType("application/problem+json")
                        .expectBody().jsonPath("$.errors[0].field").isEqualTo("table");
                JsonNode resnapshot = JSON.readTree(web.post().uri("/api/cutover/admin/resnapshot?table=public.users")
                        .headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isOk().expectBody()
                        .returnResult().getResponseBody());
                assertThat(resnapshot.get("table").asString()).isEqualTo("public.users");
                assertThat(resnapshot.get("ghostRowsRemoved").asInt()).isGreaterThanOrEqualTo(1);
                assertThat(resnapshot.get("signalId").asString()).isNotBlank();
                assertThat(resnapshot.get("state").asString()).isEqualTo("capturing");
                Lsn position = Lsn.parse(resnapshot.get("snapshotLsn").asString());
                List<ConsumerRecord<String, String>> users = reader.readUntil(
                        Pattern.compile(Pattern.quote(prefix + ".public.users")),
                        seen -> ghostDelete(seen) != null && incrementalReads(seen) >= 17, Duration.ofSeconds(90));
                ConsumerRecord<String, String> ghost = ghostDelete(users);
                assertThat(ghost).as("the ghost row's delete, on %s", users.size()).isNotNull();
                assertThat(ghost.key()).isEqualTo("{\"id\":\"" + LedgerOwners.EXTRA + "\"}");
                JsonNode delete = JSON.readTree(ghost.value());
                assertThat(delete.get("op").asString()).isEqualTo("d");
                assertThat(delete.at("/before/id").asString()).isEqualTo(LedgerOwners.EXTRA);
                assertThat(delete.at("/source/connector").asString()).isEqualTo("platform-ghost-rows");
                assertThat(delete.at("/source/missing_in_snapshot").asString()).as("pg_current_snapshot() of the sweep")
                        .matches("[0-9]+:[0-9]+:[0-9,]*");
                assertThat(delete.at("/source/lsn").asLong()).isEqualTo(position.value());
                assertThat(incrementalReads(users)).as("the incremental snapshot read the table's 17 rows again")
                        .isGreaterThanOrEqualTo(17);
                web.post().uri("/api/cutover/admin/finalize").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isEqualTo(409).expectHeader().contentType("application/problem+json")
                        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString())
                                .startsWith("finalize needs freeze, drain and verify passed at the same fence"));
                owners.exact();
                JsonNode matchedUnfenced = verification(web, admin);
                assertThat(matchedUnfenced.get("state").asString()).isEqualTo("matched");
                assertThat(matchedUnfenced.get("recorded").asBoolean()).as("no fence yet").isFalse();
                web.post().uri("/api/cutover/admin/drain").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
                        .value(d -> assertThat(d.toString()).startsWith("freeze the legacy writes first"));
                // a DDL change on the legacy side (not replicated) is reported
                try (Connection c = DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password())) {
                    c.createStatement().execute("ALTER TABLE public.user_contacts ADD COLUMN label text");
                }
                web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.schemaChanges[0].table").isEqualTo("public.user_contacts")
                        .jsonPath("$.schemaChanges[0].now").value(now -> assertThat(now.toString()).endsWith("label text"));

                // freeze: the legacy app's role is read-only and its open session ended; unfreeze gives it back
                Connection appSession = appConnection(legacy, prefix);
                web.post().uri("/api/cutover/admin/freeze").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("frozen")
                        .jsonPath("$.frozen.roles[0]").isEqualTo(appRole(prefix))
                        .jsonPath("$.frozen.revoked[?(@.table == 'public.system_audit_logs' && @.privilege == 'INSERT')]").exists()
                        .jsonPath("$.fence").value(f -> assertThat(f.toString()).matches("[0-9A-F]+/[0-9A-F]+"));
                assertThatThrownBy(() -> appSession.createStatement().execute("SELECT 1")).as("its session was ended")
                        .isInstanceOf(java.sql.SQLException.class);
                assertThatThrownBy(() -> appWrite(legacy, prefix)).isInstanceOf(java.sql.SQLException.class)
                        .hasMessageContaining("read-only transaction");
                // PostgREST opens every write with BEGIN READ WRITE, which a read-only default does not stop: the API
                // role's write privileges are revoked too
                assertThatThrownBy(() -> apiWrite(legacy, prefix)).isInstanceOf(java.sql.SQLException.class)
                        .hasMessageContaining("permission denied");
                web.post().uri("/api/cutover/admin/unfreeze").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("capturing").jsonPath("$.fence").isEmpty();
                appWrite(legacy, prefix);
                apiWrite(legacy, prefix);
                String fence = JSON.readTree(web.post().uri("/api/cutover/admin/freeze").headers(h -> h.setBearerAuth(admin))
                        .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody()).get("fence").asString();

                // drain: the slot confirms the fence, and the importers (here one consumer group reading every legacy
                // topic, committing as it goes) have nothing left
                try (var importer = importer(kafka, prefix)) {
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        importer.poll(Duration.ofMillis(200));
                        importer.commitSync();
                        return web.post().uri("/api/cutover/admin/drain").headers(h -> h.setBearerAuth(admin)).exchange()
                                .returnResult(String.class).getStatus().value() == 200;
                    });
                }
                web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("drained")
                        .jsonPath("$.fence").isEqualTo(fence)
                        .jsonPath("$.drain.drained").isEqualTo(true)
                        .jsonPath("$.drain.importLag['cutover-it']").isEqualTo(0);
                // the importers caught up (the drain's consumer group committed everything): the sweep ran over every owned
                // table, and found no ghost row (the stand-in's ledgers are exact by now)
                JsonNode swept = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500)).until(() -> status(web, admin).path("ghostRowSweep"),
                                sweep -> !sweep.path("state").asString("").matches("waiting|sweeping|"));
                assertThat(swept.get("state").asString()).as("%s", swept).isEqualTo("done");
                assertThat(swept.path("removed").size()).isEqualTo(19);
                assertThat(swept.at("/removed/public.users").asInt()).isZero();
                assertThat(swept.path("endedAt").isNull()).isFalse();
                JsonNode verified = verification(web, admin);
                assertThat(verified.get("state").asString()).isEqualTo("matched");
                assertThat(verified.get("recorded").asBoolean()).isTrue();
                assertThat(verified.get("fence").asString()).isEqualTo(fence);

                // finalize keeps the slot for the soak; --drop-slot ends it
                web.post().uri("/api/cutover/admin/finalize").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.state").isEqualTo("finalized")
                        .jsonPath("$.changedBy").value(by -> assertThat(by.toString()).startsWith("user:"))
                        .jsonPath("$.soakEndsAt").isNotEmpty()
                        .jsonPath("$.engine.running").isEqualTo(false)
                        .jsonPath("$.slot.exists").isEqualTo(true)
                        .jsonPath("$.publication.exists").isEqualTo(true)
                        // no service consumes this test's reverse-stream group: the status says so
                        .jsonPath("$.reverseStreams['failback-it'].consumers").isEqualTo(0);
                // and the failback's reverse stream runs: the services' legacy writers carry the platform back
                try (Connection c = DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password());
                     var rs = c.createStatement().executeQuery("SELECT state, (SELECT count(*) FROM pg_replication_origin "
                             + "WHERE roname = 'platform_failback') FROM platform_failback.stream")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("running");
                    assertThat(rs.getInt(2)).as("the writers' replication origin").isEqualTo(1);
                }
                web.post().uri("/api/cutover/admin/rollback").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isEqualTo(409);
                // the failback: the platform read-only at once (the gateway follows /api/cutover/mode), the job waiting
                // for the reverse stream's group, which has an event left to carry; once it is carried, the legacy
                // app is writable again, the stream stopped, the slot and publication dropped, and the report says
                // what the writers did
                String topic = "failbackit." + prefix + ".events";
                reader.send(topic, "k", "an event the writer has not carried yet", null);
                try (Connection c = DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password())) {
                    c.createStatement().execute("INSERT INTO platform_failback.applied_event (event_id, service, "
                            + "event_type, aggregate_id, carried, why, occurred_at) VALUES (gen_random_uuid(), "
                            + "'profile-service', 'SettingsChanged', 'u1', false, 'no settings tables', now())");
                }
                web.get().uri("/api/cutover/mode").exchange().expectStatus().isOk().expectBody()
                        .jsonPath("$.readOnly").isEqualTo(false);
                String failback = web.post().uri("/api/cutover/admin/failback").headers(h -> h.setBearerAuth(admin))
                        .exchange().expectStatus().isAccepted().expectHeader().exists("Location")
                        .returnResult(String.class).getResponseHeaders().getLocation().toString();
                web.get().uri("/api/cutover/mode").exchange().expectStatus().isOk().expectBody()
                        .jsonPath("$.readOnly").isEqualTo(true).jsonPath("$.reason").isEqualTo("failback");
                await().atMost(Duration.ofSeconds(30)).until(() -> failbackJob(web, admin, failback).path("step")
                        .asString().equals("reverse stream drained") && failbackJob(web, admin, failback)
                        .at("/lag/failback-it").asLong() == 1);
                assertThatThrownBy(() -> appWrites(legacy, prefix)).as("still frozen while it drains")
                        .hasStackTraceContaining("read-only transaction");
                commitEnd("failback-it", topic, kafka);
                JsonNode done = await().atMost(Duration.ofSeconds(30))
                        .until(() -> failbackJob(web, admin, failback), job -> !job.get("state").asString().equals("running"));
                assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("failed_back");
                assertThat(done.get("report").toString()).contains("SettingsChanged", "no settings tables");
                // the verification in the other direction: each owner with a reverse stream asked, audit's tables not
                assertThat(done.get("verified").asBoolean()).as(done.toString()).isTrue();
                assertThat(done.get("verification").toString()).contains("public.users", "\"compared\":1",
                        "audit has no reverse stream");
                appWrites(legacy, prefix);
                web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.state").isEqualTo("failed_back")
                        .jsonPath("$.readOnlySince").isNotEmpty()
                        .jsonPath("$.slot.exists").isEqualTo(false)
                        .jsonPath("$.publication.exists").isEqualTo(false);
                try (Connection c = DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password());
                     var rs = c.createStatement().executeQuery("SELECT state FROM platform_failback.stream")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("stopped");
                }
                web.post().uri("/api/cutover/admin/failback").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isAccepted(); // again: it changes nothing (the job finds everything done)
            }
            // a restart with the capture still configured: it stays ended, no slot comes back
            try (ConfigurableApplicationContext relay = start(relayDb, legacy, kafka, prefix, issuer, owners)) {
                client(relay).get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("failed_back");
                try (Connection c = DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password());
                     var rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'slot_"
                             + prefix + "'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }

    static JsonNode failbackJob(WebTestClient web, String admin, String job) {
        return JSON.readTree(web.get().uri(job).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    /** A write as the legacy app makes them, under its own role. */
    static void appWrites(TestDatabase legacy, String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(legacy.jdbcUrl(), appRole(prefix), "app-password")) {
            c.createStatement().execute("INSERT INTO public.system_audit_logs (action, created_at) VALUES ('app.write', now())");
        }
    }

    /** The reverse-stream group carried everything: its offsets committed at the topic's end. */
    static void commitEnd(String group, String topic, KafkaBootstrap kafka) {
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(java.util.Map.of(
                "bootstrap.servers", kafka.servers(), "group.id", group,
                "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"))) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            var ends = consumer.endOffsets(partitions);
            consumer.commitSync(ends.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    java.util.Map.Entry::getKey, e -> new org.apache.kafka.clients.consumer.OffsetAndMetadata(e.getValue()))));
        }
    }

    static JsonNode status(WebTestClient web, String admin) {
        return JSON.readTree(web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    /** The delete of {@link LedgerOwners#EXTRA} among the records, or null. */
    static ConsumerRecord<String, String> ghostDelete(List<ConsumerRecord<String, String>> records) {
        return records.stream().filter(r -> r.key() != null && r.key().contains(LedgerOwners.EXTRA) && r.value() != null
                && r.value().contains("\"op\":\"d\"")).findFirst().orElse(null);
    }

    /** The reads of an incremental snapshot among the records. */
    static long incrementalReads(List<ConsumerRecord<String, String>> records) {
        return records.stream().filter(r -> r.value() != null).map(r -> JSON.readTree(r.value()))
                .filter(v -> v.path("op").asString("").equals("r")
                        && v.at("/source/snapshot").asString("").equals("incremental")).count();
    }

    static String prefix(TestDatabase relayDb) {
        return "cutover" + relayDb.name().replaceAll("[^a-z0-9]", "");
    }

    /** Starts a verification and follows it to its end. */
    static JsonNode verification(WebTestClient web, String admin) {
        byte[] started = web.post().uri("/api/cutover/admin/verify").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isAccepted().expectHeader().value("Location", l -> assertThat(l).startsWith("/api/cutover/admin/verify/"))
                .expectBody().returnResult().getResponseBody();
        String id = JSON.readTree(started).get("id").asString();
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> JSON.readTree(web.get().uri("/api/cutover/admin/verify/" + id).headers(h -> h.setBearerAuth(admin))
                        .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody()),
                        job -> !job.get("state").asString().equals("running"));
    }

    /** The legacy app's role of this test (a role is the cluster's: named after the test's database). */
    static String appRole(String prefix) {
        return "app_" + prefix;
    }

    static Connection appConnection(TestDatabase legacy, String prefix) throws java.sql.SQLException {
        return DriverManager.getConnection(legacy.jdbcUrl(), appRole(prefix), "app-password");
    }

    static void appWrite(TestDatabase legacy, String prefix) throws java.sql.SQLException {
        try (Connection c = appConnection(legacy, prefix)) {
            c.createStatement().execute("UPDATE public.user_contacts SET value = value WHERE false");
            c.createStatement().execute("INSERT INTO public.system_audit_logs (action, created_at) VALUES ('app.write', now())");
        }
    }

    /** A write as PostgREST makes it: {@code BEGIN READ WRITE}, then the statement. */
    static void apiWrite(TestDatabase legacy, String prefix) throws java.sql.SQLException {
        try (Connection c = appConnection(legacy, prefix)) {
            c.setAutoCommit(false);
            c.createStatement().execute("SET TRANSACTION READ WRITE");
            c.createStatement().execute("INSERT INTO public.system_audit_logs (action, created_at) VALUES ('api.write', now())");
            c.commit();
        }
    }

    static org.apache.kafka.clients.consumer.KafkaConsumer<String, String> importer(KafkaBootstrap kafka, String prefix) {
        var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(java.util.Map.of(
                "bootstrap.servers", kafka.servers(), "group.id", "cutover-it", "auto.offset.reset", "earliest",
                "enable.auto.commit", "false", "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class,
                "value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class));
        consumer.subscribe(Pattern.compile(Pattern.quote(prefix) + "\\..*"));
        return consumer;
    }

    static WebTestClient client(ConfigurableApplicationContext relay) {
        int port = ((WebServerApplicationContext) relay).getWebServer().getPort();
        return LocalWeb.client(port);
    }

    static ConfigurableApplicationContext start(TestDatabase relayDb, TestDatabase legacy, KafkaBootstrap kafka, String prefix,
                                                TestTokenIssuer issuer, LedgerOwners owners) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + relayDb.jdbcUrl(),
                "--spring.datasource.username=" + relayDb.username(), "--spring.datasource.password=" + relayDb.password(),
                "--spring.kafka.bootstrap-servers=" + kafka.servers(), "--relay.outbox.enabled=false",
                "--relay.legacy.enabled=true", "--relay.legacy.jdbc-url=" + legacy.jdbcUrl(),
                "--relay.legacy.user=" + legacy.username(), "--relay.legacy.password=" + legacy.password(),
                "--relay.legacy.slot=slot_" + prefix, "--relay.legacy.publication=pub_" + prefix,
                "--relay.legacy.topic-prefix=" + prefix, "--server.port=0"));
        issuer.properties().forEach((k, v) -> args.add("--" + k + "=" + v));
        args.add("--relay.reconciliation.token-uri=" + owners.url() + "/oauth2/token");
        for (String service : List.of("identity", "profile", "membership", "billing", "audit")) {
            args.add("--relay.reconciliation.owners." + service + ".url=" + owners.url());
            args.add("--relay.reconciliation.owners." + service + ".import-group=cutover-it");
        }
        args.add("--relay.cutover.app-roles=" + appRole(prefix) + ",a_role_the_legacy_database_does_not_have");
        args.add("--relay.cutover.api-roles=" + appRole(prefix));
        args.add("--relay.cutover.recheck=PT2S"); // the stand-in's differences stay: the re-check finds them again
        args.add("--relay.legacy.heartbeat-ms=1000");
        // the failback waits for this one reverse-stream group (the services' are not running here)
        args.add("--relay.cutover.failback.groups.failback-it=failbackit." + prefix + ".events");
        args.add("--relay.cutover.failback.settle=PT0.2S");
        return new SpringApplicationBuilder(RelayApplication.class).profiles(DevelopmentSecrets.PROFILE)
                .run(args.toArray(String[]::new));
    }
}
