package app.platform.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.events.EventMetadata;
import app.platform.membership.queue.application.PayoutQueue;
import app.platform.testkit.LegacyImportFixture;
import app.platform.testkit.RealInfrastructure;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The cutover's membership import on the demo legacy database's rows, published as the capture publishes them,
 * children before the users they belong to: every row lands for its identity user, the queue keeps its legacy order
 * densely, a removed entry closes its gap, a replay changes nothing, the ledger digests match the legacy rows, and
 * the service's own tables hold what it imported ({@code …/target}); an importer that drops a column shows there.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "membership.legacy-import.enabled=true")
class LegacyMembershipImportIT {

    static final List<String> TABLES = List.of("public.user_memberships", "public.membership_queue",
            "public.kyc_verification", "public.payout_management", "public.disputes");
    static final LegacyImportFixture legacy = new LegacyImportFixture("membership", "legacymembership");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        legacy.register(registry);
    }

    @AfterAll
    static void close() {
        legacy.close();
    }

    /** Whether the demo's rows were published (once, for whichever test comes first: they share the database). */
    private static boolean published;

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;
    @Autowired
    PayoutQueue queue;
    @Autowired
    org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;

    @Test
    void importsMembershipsTheQueueKycPayoutsAndDisputesForTheirIdentityUsers() throws Exception {
        publishDemo();
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM legacy_row WHERE applied") == 17 + 14 + 5 + 8 + 10 + 2);
        assertThat(count("SELECT count(*) FROM user_memberships WHERE status = 'active'")).isEqualTo(13);
        assertThat(count("SELECT count(*) FROM payout_management WHERE status = 'paid'")).isEqualTo(7);
        assertThat(count("SELECT count(*) FROM disputes WHERE status = 'open'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM legacy_problem")).isZero();
        for (String table : TABLES) {
            assertThat(ledger(table)).as(table).isEqualTo(legacyDigests(table));
        }
        // the members are the identity users (auth_user_id), the queue in its legacy order, 1..5
        String order = "SELECT string_agg(user_id::text, ',' ORDER BY position) FROM membership_queue";
        assertThat(text(order)).isEqualTo(legacyQuery("""
                SELECT string_agg(u.auth_user_id, ',' ORDER BY q.position)
                FROM public.membership_queue q JOIN public.users u ON u.id = q.user_id"""));
        assertThat(text("SELECT string_agg(position::text, ',' ORDER BY position) FROM membership_queue")).isEqualTo("1,2,3,4,5");
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'QueueJoined'")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'MembershipActivated' AND payload->'data'->>'reason' = 'imported'")).isEqualTo(13);

        // the second in the queue leaves on the legacy side: the gap closes
        legacy.deleteAndPublish("public.membership_queue", "position = 2", "k");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM membership_queue") == 4);
        assertThat(text("SELECT string_agg(position::text, ',' ORDER BY position) FROM membership_queue")).isEqualTo("1,2,3,4");
        assertThat(ledger("public.membership_queue")).isEqualTo(legacyDigests("public.membership_queue"));

        // a replayed snapshot (a relay restarted mid-snapshot) changes nothing
        long events = count("SELECT count(*) FROM outbox");
        String before = text("SELECT CAST(now() AS text)");
        legacy.publishSnapshot(TABLES.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM legacy_row WHERE applied_at > CAST('"
                + before + "' AS timestamptz)") == 14 + 4 + 8 + 10 + 2);
        assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(events);
        assertThat(text("SELECT string_agg(position::text, ',' ORDER BY position) FROM membership_queue")).isEqualTo("1,2,3,4");

        // a member with two live memberships on the legacy side, which the service's rule (one live membership per
        // member) refuses: the second is parked with the rule it breaks, and a later change in the same partition (the
        // same key) is still imported
        String member = legacyQuery("SELECT user_id::text FROM public.user_memberships WHERE status = 'active' ORDER BY id LIMIT 1");
        String other = legacyQuery("SELECT id::text FROM public.user_memberships WHERE status = 'active' AND user_id <> '"
                + member + "' ORDER BY id LIMIT 1");
        String second = "00000000-0000-4000-8000-00000000dead";
        legacy.execute("INSERT INTO public.user_memberships (id, user_id, plan, status, started_at) VALUES ('" + second
                + "', '" + member + "', 'gold', 'active', now())");
        legacy.publish("public.user_memberships", "poison", "c", legacy.row("SELECT * FROM public.user_memberships WHERE id = '" + second + "'"));
        legacy.updateAndPublish("public.user_memberships", "plan = 'platinum'", "id = '" + other + "'", "poison");
        await().atMost(Duration.ofSeconds(60)).until(() -> text("SELECT plan FROM user_memberships WHERE id = '" + other + "'"),
                "platinum"::equals);
        assertThat(text("SELECT reason FROM legacy_problem WHERE legacy_id = '" + second + "'"))
                .isEqualTo("could not be applied: SQLSTATE 23505 (constraint user_memberships_one_live)");
        assertThat(count("SELECT count(*) FROM user_memberships WHERE id = '" + second + "'")).isZero();
        // and it shows in the importer's metrics
        await().atMost(Duration.ofSeconds(30)).until(() -> new String(WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port).build().get().uri("/actuator/prometheus").exchange()
                .expectBody().returnResult().getResponseBody()), m -> m.matches("(?s).*\\nlegacy_import_problems(\\{[^}]*})? 1\\.0\\n.*"));

        // the legacy queue turned round, each entry's change keyed by its id as the capture keys it, front to back (so
        // they arrive in any order across the partitions): the queue ends in the new legacy order
        legacy.execute("UPDATE public.membership_queue SET position = 6 - position");
        String queueRow = "SELECT * FROM public.membership_queue WHERE id = '%s'";
        for (String id : legacyQuery("SELECT string_agg(id::text, ',' ORDER BY position) FROM public.membership_queue").split(",")) {
            legacy.publish("public.membership_queue", id, "u", legacy.row(queueRow.formatted(id)));
        }
        String legacyOrder = """
                SELECT string_agg(u.auth_user_id, ',' ORDER BY q.position)
                FROM public.membership_queue q JOIN public.users u ON u.id = q.user_id""";
        await().atMost(Duration.ofSeconds(30)).until(() -> text(order), legacyQuery(legacyOrder)::equals);
        assertThat(text("SELECT string_agg(position::text, ',' ORDER BY position) FROM membership_queue")).isEqualTo("1,2,3,4");

        // an entry joined here stays behind the imported ones: they reorder in front of it (the legacy front goes last),
        // and a legacy entry arriving later joins in front of it too, so the queue reads back as the legacy one (the
        // target, the failback's reverse stream)
        String native_ = "00000000-0000-4000-8000-0000000000aa";
        db.sql("INSERT INTO membership_queue (user_id, position) VALUES ('" + native_ + "', 5)").then().block();
        String front = legacyQuery("SELECT id::text FROM public.membership_queue ORDER BY position LIMIT 1");
        legacy.updateAndPublish("public.membership_queue", "position = 9", "id = '" + front + "'", front);
        await().atMost(Duration.ofSeconds(30)).until(() -> text(order), (legacyQuery(legacyOrder) + "," + native_)::equals);
        String newcomer = legacyQuery("""
                INSERT INTO public.membership_queue (id, user_id, position, joined_at)
                SELECT gen_random_uuid(), u.id, 10, now() FROM public.users u
                WHERE u.auth_user_id IS NOT NULL AND u.id NOT IN (SELECT user_id FROM public.membership_queue)
                ORDER BY u.id LIMIT 1
                RETURNING id::text""");
        legacy.publish("public.membership_queue", newcomer, "c", legacy.row(queueRow.formatted(newcomer)));
        await().atMost(Duration.ofSeconds(30)).until(() -> text(order), (legacyQuery(legacyOrder) + "," + native_)::equals);
        assertThat(count("SELECT count(*) FROM membership_queue")).isEqualTo(6);
        assertThat(text("SELECT string_agg(position::text, ',' ORDER BY position) FROM membership_queue")).isEqualTo("1,2,3,4,5,6");
        // an imported entry an operator moved behind the native one comes back in front of it with its legacy row's
        // next change
        UUID behind = UUID.fromString(text(order).split(",")[0]);
        queue.move(UUID.randomUUID(), behind, 6, "behind the native entry", new EventMetadata(null, "operator")).block();
        assertThat(text(order)).endsWith(native_ + "," + behind);
        String behindRow = legacyQuery("SELECT q.id::text FROM public.membership_queue q JOIN public.users u ON u.id = q.user_id"
                + " WHERE u.auth_user_id = '" + behind + "'");
        legacy.updateAndPublish("public.membership_queue", "joined_at = joined_at - interval '1 hour'", "id = '" + behindRow
                + "'", behindRow);
        await().atMost(Duration.ofSeconds(30)).until(() -> text(order), (legacyQuery(legacyOrder) + "," + native_)::equals);
        db.sql("DELETE FROM membership_queue WHERE user_id = '" + native_ + "'").then().block();

        // an operator's move of an imported entry stands when a later batch orders the imported entries again, until
        // its own legacy row changes
        String[] queued = text(order).split(",");
        UUID moved = UUID.fromString(queued[queued.length - 1]);
        queue.move(UUID.randomUUID(), moved, 1, "to the front", new EventMetadata(null, "operator")).block();
        String another = legacyQuery("SELECT id::text FROM public.membership_queue ORDER BY position LIMIT 1");
        String changedAt = text("SELECT CAST(now() AS text)");
        legacy.updateAndPublish("public.membership_queue", "joined_at = joined_at - interval '1 hour'", "id = '" + another
                + "'", another);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM legacy_row WHERE legacy_id = '"
                + another + "' AND applied_at > CAST('" + changedAt + "' AS timestamptz)") == 1);
        assertThat(text(order)).startsWith(moved.toString());
        String movedRow = legacyQuery("SELECT q.id::text FROM public.membership_queue q JOIN public.users u ON u.id = q.user_id"
                + " WHERE u.auth_user_id = '" + moved + "'");
        legacy.updateAndPublish("public.membership_queue", "joined_at = joined_at - interval '1 hour'", "id = '" + movedRow
                + "'", movedRow);
        await().atMost(Duration.ofSeconds(30)).until(() -> text(order), legacyQuery(legacyOrder)::equals);

        // the service's own tables hold what it imported, the removed entry, the new plan and the parked row included
        for (String table : TABLES) {
            assertTargetMatches(table);
        }
    }

    @Test
    void anImporterThatDropsAColumnShowsInTheTargetWithThatColumn() throws Exception {
        publishDemo();
        String kyc = "public.kyc_verification";
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM legacy_row WHERE source_table = '"
                + kyc + "' AND applied") == 8);
        String id = legacyQuery("SELECT id::text FROM public.kyc_verification ORDER BY id LIMIT 1");
        legacy.breakColumn(port, kyc, "document_type");
        try {
            legacy.updateAndPublish(kyc, "document_type = 'national_id'", "id = '" + id + "'", "kyc");
            awaitLedger(kyc, id, "document_type", "national_id");
            JsonNode report = legacy.target(port, kyc);
            assertThat(report.path("changedCount").asLong()).as("%s", report).isEqualTo(1);
            assertThat(report.path("changed").path(id).toString()).as("%s", report).isEqualTo("[\"document_type\"]");
            assertThat(report.path("missingCount").asLong() + report.path("extraCount").asLong()).as("%s", report).isZero();
        } finally {
            legacy.mend(port, kyc);
        }
        // mended, the row's next change is imported whole
        legacy.updateAndPublish(kyc, "document_type = 'driving_licence'", "id = '" + id + "'", "kyc");
        awaitLedger(kyc, id, "document_type", "driving_licence");
        assertTargetMatches(kyc);
    }

    @Test
    void aMembersRowReplacedOnTheLegacySideKeepsTheMemberWhicheverChangeArrivesFirst() throws Exception {
        publishDemo();
        String kyc = "public.kyc_verification";
        String queue = "public.membership_queue";
        String oldKyc = legacyQuery("SELECT id::text FROM public.kyc_verification ORDER BY id DESC LIMIT 1");
        String kycMember = legacyQuery("SELECT user_id::text FROM public.kyc_verification WHERE id = '" + oldKyc + "'");
        String oldEntry = legacyQuery("SELECT id::text FROM public.membership_queue ORDER BY position DESC LIMIT 1");
        String queued = legacyQuery("SELECT user_id::text FROM public.membership_queue WHERE id = '" + oldEntry + "'");
        String queuedMember = legacyQuery("SELECT lower(auth_user_id) FROM public.users WHERE id = '" + queued + "'");
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM legacy_row WHERE legacy_id IN ('"
                + oldKyc + "', '" + oldEntry + "') AND applied") == 2);

        // the legacy app replaces each row (delete, insert under a new id); keyed by their ids, the new row's change
        // may arrive first: the old row's delete then leaves the member as the new row made them
        Map<String, Object> kycBefore = legacy.row("SELECT * FROM public.kyc_verification WHERE id = '" + oldKyc + "'");
        Map<String, Object> entryBefore = legacy.row("SELECT * FROM public.membership_queue WHERE id = '" + oldEntry + "'");
        String newKyc = "00000000-0000-4000-8000-0000000c0ffe";
        String newEntry = "00000000-0000-4000-8000-0000000c0fff";
        legacy.execute("DELETE FROM public.kyc_verification WHERE id = '" + oldKyc + "'");
        legacy.execute("INSERT INTO public.kyc_verification (id, user_id, status, document_type, document_reference, "
                + "submitted_at) VALUES ('" + newKyc + "', '" + kycMember + "', 'in_review', 'passport', 'docs://replaced', now())");
        legacy.execute("DELETE FROM public.membership_queue WHERE id = '" + oldEntry + "'");
        legacy.execute("INSERT INTO public.membership_queue (id, user_id, position, joined_at) VALUES ('" + newEntry + "', '"
                + queued + "', " + entryBefore.get("position") + ", now())");
        // the KYC's two changes one behind the other in one partition, published while the importer is stopped: one
        // poll, one batch; the queue's delete only once its insert is recorded (another batch)
        var importer = listeners.getListenerContainer("legacy-membership-import");
        importer.stop();
        try {
            legacy.publish(kyc, newKyc, "c", legacy.row("SELECT * FROM public.kyc_verification WHERE id = '" + newKyc + "'"));
            legacy.publish(kyc, newKyc, "d", kycBefore);
        } finally {
            importer.start();
        }
        legacy.publish(queue, newEntry, "c", legacy.row("SELECT * FROM public.membership_queue WHERE id = '" + newEntry + "'"));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM legacy_row WHERE legacy_id = '"
                + newEntry + "' AND applied") == 1);
        legacy.publish(queue, oldEntry, "d", entryBefore);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM legacy_row WHERE legacy_id IN ('"
                + oldKyc + "', '" + oldEntry + "') AND deleted") == 2);

        String kycAuth = legacyQuery("SELECT lower(auth_user_id) FROM public.users WHERE id = '" + kycMember + "'");
        assertThat(count("SELECT count(*) FROM kyc_verification WHERE status = 'in_review' AND user_id = '" + kycAuth
                + "' AND documents::text LIKE '%docs://replaced%'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM membership_queue WHERE user_id = '" + queuedMember + "'")).isEqualTo(1);
        assertTargetMatches(kyc);
        assertTargetMatches(queue);
    }

    /** The demo's rows, children before the users they belong to, published once for the class's tests. */
    private static synchronized void publishDemo() throws SQLException {
        if (!published) {
            legacy.createDemo(1);
            legacy.publishSnapshot(TABLES.toArray(String[]::new));
            legacy.publishSnapshot("public.users");
            published = true;
        }
    }

    /** Waits until the ledger holds the legacy row's change (applied in the same transaction as the service's). */
    private void awaitLedger(String table, String id, String column, String value) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM legacy_row WHERE source_table = '"
                + table + "' AND legacy_id = '" + id + "' AND applied AND row->>'" + column + "' = '" + value + "'") == 1);
    }

    /** What the service's own tables hold of the table is what it imported: compared, nothing missing, extra or changed. */
    private void assertTargetMatches(String table) {
        JsonNode report = legacy.target(port, table);
        assertThat(report.path("error").isString()).as("%s", report).isFalse();
        assertThat(report.path("compared").asLong()).as("%s", report).isPositive();
        assertThat(report.path("missingCount").asLong()).as("%s", report).isZero();
        assertThat(report.path("extraCount").asLong()).as("%s", report).isZero();
        assertThat(report.path("changedCount").asLong()).as("%s", report).isZero();
    }

    private Map<String, String> ledger(String table) {
        return legacy.ledger(port, table);
    }

    private static Map<String, String> legacyDigests(String table) throws SQLException {
        return legacy.digests(table);
    }

    private static String legacyQuery(String sql) throws SQLException {
        return legacy.text(sql);
    }

    private long count(String sql) {
        return db.sql(sql).map((r, m) -> r.get(0, Long.class)).one().block();
    }

    private String text(String sql) {
        return db.sql(sql).map((r, m) -> r.get(0, String.class)).one().block();
    }
}
