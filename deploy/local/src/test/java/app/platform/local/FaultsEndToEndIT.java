package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.ConsumerLag;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.MixedLoad;
import app.platform.testkit.Operator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Kill anything under load, and nothing is lost, duplicated or stuck: on the shared platform (every jar its own
 * process), during the cutover's capture, the members' mixed load runs through the gateway throughout (sign-ups,
 * sign-ins, profile edits, subscriptions charged, KYC approved, the queue joined, payouts paid) and the legacy app
 * writes its database, while, one at a time, each service is SIGKILLed while its consumer group has records to
 * apply (waited for up to 20 s), cdc-relay is SIGKILLed during the legacy stream, identity is stopped cleanly with
 * sign-ups in flight (each must finish or be refused, none cut off), audit-service is stopped cleanly with records to
 * apply, the broker and PostgreSQL are stopped and
 * started again, and profile's database role refuses new connections for 20 s. After each fault every service is
 * ready again by itself and every live consumer group's lag returns to 0. At the end every outbox row is on its topic
 * once (read by a plain Kafka consumer, {@code read_committed}) and in the audit log, every consumer applied each event of the types it handles exactly once (its
 * {@code processed_event}; an offset committed past what was applied would show here as an event never applied),
 * each sign-up became exactly one app user, no event went to a dead-letter topic, and the cutover report matches.
 * The report (faults, recovery times, events per type, lost and duplicated) is printed and quoted in the README.
 */
@Order(3) // during the capture: after the cutover (1) and the carried sessions (2), before the operator finalizes it
@ExtendWith(SharedPlatform.class)
class FaultsEndToEndIT {

    static final Duration RECOVERY = Duration.ofMinutes(3);
    static final Duration PACE = Duration.ofMillis(50);
    /**
     * The schemas whose services apply events (each has a {@code processed_event}), with types the load makes them
     * apply (each must be among what they applied; every other type they applied is checked as well).
     */
    static final Map<String, List<String>> APPLIERS = Map.of("profile", List.of("UserRegistered"),
            "membership", List.of("SubscriptionStarted", "PaymentSucceeded"),
            "billing", List.of("KycApproved", "PayoutPaid"), "audit", List.of("UserRegistered", "PayoutPaid"));
    static final Pattern EVENT_TOPICS = Pattern.compile("[a-z]+\\.[a-z_]+\\.events");
    static final List<String> PUBLISHERS = List.of("identity", "profile", "membership", "billing");
    /** The services' groups that read the event topics. */
    static final Set<String> CONSUMERS = Set.of("profile-service", "membership-service", "billing-service",
            "audit-service");
    final LocalPlatform platform = SharedPlatform.get().platform;
    final String gateway = SharedPlatform.get().gateway;

    @BeforeAll
    static void cutoverHelpers() {
        CutoverEndToEndIT.start(); // its report polling, when this class runs alone
    }

    @Test
    void everyComponentFailsUnderLoadAndNothingIsLostDuplicatedOrStuck() throws Exception {
        Operator operator = operator();
        MixedLoad load = new MixedLoad(gateway, "fault-load", PACE, operator).prepare(Duration.ofMinutes(1));
        LegacyWriter legacyApp = new LegacyWriter(platform.legacyJdbcUrl(), "faults");
        AtomicBoolean stop = new AtomicBoolean();
        Thread loader = Thread.ofPlatform().name("fault-load").start(load);
        Thread writer = Thread.ofPlatform().name("fault-legacy-writer").start(() -> legacyApp.runUntil(stop::get));
        Map<String, Long> recovery = new LinkedHashMap<>();
        Map<String, Integer> inFlight = new TreeMap<>();
        try {
            // what the load and the writer did so far is in the failure's message (it once timed out in CI, unexplained)
            record FirstWork(long signUps, int writes, String refused, String legacy, boolean loading) {
            }
            PlatformEndToEndIT.polling("the load's first sign-ups and legacy writes", RECOVERY)
                    .until(() -> new FirstWork(load.accepted().getOrDefault("sign-up", 0L), legacyApp.writes.get(),
                            load.refused().toString(), legacyApp.toString(), loader.isAlive()),
                            w -> w.signUps() >= 5 && w.writes() >= 5);
            for (String service : List.of("identity-service", "profile-service", "membership-service",
                    "billing-service", "audit-service", "cdc-relay", "gateway")) {
                String busy = CONSUMERS.contains(service) ? " (" + busy(service) + " records to apply)" : "";
                recovery.put("SIGKILL " + service + busy, fault(() -> {
                    platform.kill(service);
                    platform.restart(service);
                }));
            }
            recovery.put("SIGTERM identity-service, 10 sign-ups in flight", fault(() -> {
                inFlight.putAll(stopWithSignUpsInFlight("identity-service"));
                platform.restart("identity-service");
            }));
            // a clean stop of a consumer in the middle of its records: it commits no offset past what it applied
            // (what it did not apply is applied after the restart: counted at the end)
            String behind = busy("audit-service") + " records to apply";
            recovery.put("SIGTERM audit-service (" + behind + ")", fault(() -> {
                platform.stop("audit-service");
                platform.restart("audit-service");
            }));
            recovery.put("broker stopped 10 s", fault(() -> platform.restartKafka(Duration.ofSeconds(10))));
            recovery.put("PostgreSQL stopped 10 s", fault(() -> platform.restartPostgres(Duration.ofSeconds(10))));
            recovery.put("profile's role refuses connections 20 s", fault(() -> {
                try {
                    sql("ALTER ROLE profile NOLOGIN",
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'profile'");
                    Thread.sleep(20_000); // the outage: nothing to wait for but time
                } finally {
                    sql("ALTER ROLE profile LOGIN");
                }
            }));
        } finally {
            load.stop();
            stop.set(true);
            loader.join(Duration.ofMinutes(2)); // a tick's calls time out within a minute
            writer.join(Duration.ofMinutes(2));
            assertThat(loader.isAlive() || writer.isAlive()).as("the load and the legacy writer stopped").isFalse();
        }
        // the legacy app's last rows imported (their events published), then the last events through, every group at lag 0
        JsonNode cutover = CutoverEndToEndIT.awaitReport(operator.token(), RECOVERY); // fails while it does not match
        long settled = fault(() -> { });

        // the last hops (an app user's own events on to the audit log) may still be on their way: counted until they
        // add up or the time is out, then asserted
        Counts counts;
        try {
            counts = PlatformEndToEndIT.polling("the events counted through", RECOVERY).ignoreExceptions()
                    .until(this::counts, Counts::complete);
        } catch (org.awaitility.core.ConditionTimeoutException incomplete) {
            counts = counts(); // reported and asserted below, with what is missing
        }
        Map<String, Set<String>> outbox = counts.outbox();
        Map<String, Integer> onTopics = counts.onTopics();
        Set<String> lostOnTopics = counts.lostOnTopics();
        Set<String> lostInAudit = counts.lostInAudit();
        long loadUsersWithoutAppUser = counts.withoutAppUser();
        Set<String> written = counts.written();
        long topicDuplicates = onTopics.values().stream().filter(n -> n > 1).count();
        Map<String, Long> perType = new TreeMap<>();
        Map<String, String> typeOf = counts.typeOf();
        written.forEach(id -> perType.merge(typeOf.getOrDefault(id, "(not on a topic)"), 1L, Long::sum));
        long appUserDuplicates = count("SELECT count(*) FROM (SELECT auth_user_id FROM profile.users "
                + "GROUP BY auth_user_id HAVING count(*) > 1) twice");
        Map<String, Integer> deadLetters = deadLetters();
        System.out.printf("report: faults under load: accepted %s; refused or failed %s; member journeys %s; legacy "
                        + "rounds written %d (interrupted %d), cutover report matches %s%n", load.accepted(),
                load.refused(), load.journeys(), legacyApp.writes.get(), legacyApp.failures.get(),
                cutover.get("matches"));
        recovery.forEach((fault, ms) -> System.out.printf("report:   %-50s recovered in %6.1f s%n", fault, ms / 1000.0));
        System.out.printf("report:   %-50s              %6.1f s%n", "then settled (lag 0) in", settled / 1000.0);
        System.out.printf("report: events written %d (per outbox %s), on the topics %d distinct, duplicated on a "
                        + "topic %d, lost on the way to a topic %d, lost to the audit log %d; app users twice %d, "
                        + "sign-ups without an app user %d%n", written.size(), sizes(outbox), onTopics.size(),
                topicDuplicates, lostOnTopics.size(), lostInAudit.size(), appUserDuplicates, loadUsersWithoutAppUser);
        Map<String, Long> notInAnOutbox = new TreeMap<>();
        onTopics.keySet().stream().filter(id -> !written.contains(id))
                .forEach(id -> notInAnOutbox.merge(typeOf.get(id), 1L, Long::sum));
        System.out.printf("report: events per type %s; on a topic but in no outbox %s; dead letters %s%n", perType,
                notInAnOutbox, deadLetters);
        System.out.printf("report: applied per consumer %s; not applied %s%n", counts.applied(), counts.notApplied());
        System.out.printf("report: sign-ups in flight at identity's clean stop, by outcome: %s%n", inFlight);

        assertThat(load.accepted()).as("the load ran").containsKeys("sign-up", "sign-in", "profile edit",
                "subscription charged", "queue joined", "payout paid");
        assertThat(legacyApp.writes).as("the legacy app wrote").hasPositiveValue();
        // a fault is answered 503 with Retry-After (or not at all, while the gateway is down), never 500: three paths that
        // answered 500 were found by this assertion and fixed
        assertThat(load.refused().keySet()).as("answers of 500 under the faults").noneMatch(k -> k.endsWith(" 500"));

        assertThat(lostOnTopics).as("outbox rows never published").isEmpty();
        assertThat(topicDuplicates).as("events published twice (read_committed, as every service reads)").isZero();
        assertThat(lostInAudit).as("events the audit log lacks").isEmpty();
        assertThat(counts.notApplied()).as("events a consumer handles but never applied").isEmpty();
        assertThat(appUserDuplicates).as("a sign-up applied twice by profile").isZero();
        assertThat(loadUsersWithoutAppUser).as("a sign-up profile never applied").isZero();
        assertThat(deadLetters).as("events a consumer gave up on").isEmpty();
        assertThat(inFlight).as("a clean stop finishes what it accepted and refuses the rest").containsKey("202");
        assertThat(inFlight.keySet()).as("requests a clean stop cut off").isSubsetOf("202", "refused");
    }

    /** What was written, what reached the topics and the audit log, and the sign-ups profile has not applied. */
    record Counts(Map<String, Set<String>> outbox, Set<String> written, Map<String, Integer> onTopics,
                  Map<String, String> typeOf, Set<String> lostOnTopics, Set<String> lostInAudit, long withoutAppUser,
                  Map<String, Integer> applied, Map<String, Set<String>> notApplied) {
        boolean complete() {
            return lostOnTopics.isEmpty() && lostInAudit.isEmpty() && withoutAppUser == 0 && notApplied.isEmpty();
        }
    }

    Counts counts() {
        Map<String, Set<String>> outbox = outboxIds();
        Set<String> written = new HashSet<>();
        outbox.values().forEach(written::addAll);
        Map<String, Integer> onTopics = new HashMap<>();
        Map<String, String> typeOf = new HashMap<>();
        try (var kafka = new KafkaTestClient(platform.kafkaBootstrapServers())) {
            for (var record : kafka.readUntil(EVENT_TOPICS, seen -> false, Duration.ofSeconds(15))) {
                JsonNode envelope = envelope(record.value());
                onTopics.merge(envelope.path("eventId").asString(), 1, Integer::sum);
                typeOf.put(envelope.path("eventId").asString(), envelope.path("eventType").asString());
            }
        }
        Set<String> audited = new HashSet<>(rows("SELECT CAST(event_id AS text) FROM audit.system_audit_logs"));
        Set<String> lostOnTopics = new HashSet<>(written);
        lostOnTopics.removeAll(onTopics.keySet());
        Set<String> lostInAudit = new HashSet<>(written);
        lostInAudit.removeAll(audited);
        long withoutAppUser = count("SELECT count(*) FROM identity.users u WHERE u.email LIKE 'fault-load-%' "
                + "AND NOT EXISTS (SELECT 1 FROM profile.users p WHERE p.auth_user_id = u.id)");
        // a consumer handles an event type when it has applied one: then it must have applied every one on the topics
        Map<String, Integer> applied = new TreeMap<>();
        Map<String, Set<String>> notApplied = new TreeMap<>();
        for (String schema : APPLIERS.keySet()) {
            Map<String, Set<String>> byType = new HashMap<>();
            for (String row : rows("SELECT event_type || ' ' || CAST(event_id AS text) FROM " + schema + ".processed_event")) {
                String[] typeAndId = row.split(" ");
                byType.computeIfAbsent(typeAndId[0], t -> new HashSet<>()).add(typeAndId[1]);
            }
            applied.put(schema, byType.values().stream().mapToInt(Set::size).sum());
            APPLIERS.get(schema).forEach(type -> byType.putIfAbsent(type, Set.of())); // none applied: all missing
            typeOf.forEach((id, type) -> {
                if (byType.containsKey(type) && !byType.get(type).contains(id)) {
                    notApplied.computeIfAbsent(schema, k -> new TreeSet<>()).add(type + " " + id);
                }
            });
        }
        return new Counts(outbox, written, onTopics, typeOf, lostOnTopics, lostInAudit, withoutAppUser, applied,
                notApplied);
    }

    /**
     * Ten sign-ups sent straight to the service's port, and while their password hashing is under way the service is
     * stopped cleanly (SIGTERM, as a scale-down or a rolling deployment does): their outcomes. {@code 202}: finished.
     * {@code refused}: no connection, or a connection the stopping server never took up (no user was made: the
     * request never started). {@code cut off after it committed}: the user was made but the answer was lost, what a
     * clean stop must not do. Anything else is an error answer.
     */
    Map<String, Integer> stopWithSignUpsInFlight(String service) throws Exception {
        Map<String, java.util.concurrent.CompletableFuture<String>> sent = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            String email = "fault-graceful-" + UUID.randomUUID() + "@example.com";
            sent.put(email, PlatformEndToEndIT.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(platform.serviceUrl(service)
                                    + "/api/identity/users")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email
                                    + "\",\"password\":\"a long enough password\"}"))
                            .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding())
                    .handle((answer, failure) -> failure == null ? Integer.toString(answer.statusCode())
                            : cause(failure) instanceof java.io.IOException ? "no answer" : "failed: " + cause(failure)));
        }
        Thread.sleep(150); // the sign-ups reach the service and their hashing starts: nothing to wait on from outside
        platform.stop(service);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (var signUp : sent.entrySet()) {
            String outcome = signUp.getValue().get();
            if (outcome.equals("no answer")) {
                outcome = count("SELECT count(*) FROM identity.users WHERE email = '" + signUp.getKey() + "'") == 0
                        ? "refused" : "cut off after it committed";
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        return outcomes;
    }

    static Throwable cause(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    /** An operator (admin, TOTP on) for the load's reviews and payouts and for the cutover report. */
    Operator operator() throws Exception {
        String email = "fault-operator-" + UUID.randomUUID() + "@example.com";
        assertThat(PlatformEndToEndIT.signUp(email).statusCode()).isEqualTo(202);
        sql("UPDATE identity.users SET app_metadata = app_metadata || '{\"role\":\"admin\"}' WHERE email = '" + email + "'");
        return Operator.enrol(gateway, email, "a long enough password");
    }

    /**
     * Waits (up to 20 s) until the service's consumer group has records to apply, so that the kill lands in the
     * middle of its work: how many it had (0 when none came: a group with little to read, billing's, may have none;
     * the report shows it).
     */
    long busy(String group) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long behind = 0;
        while (behind <= 0 && System.nanoTime() < deadline) {
            try {
                behind = lag().getOrDefault(group, 0L);
            } catch (Exception brokerBusy) {
                behind = 0; // asked again
            }
            if (behind <= 0) {
                Thread.sleep(200); // polling the broker's offsets: nothing to wait on but the next records
            }
        }
        return behind;
    }

    /** The records on the event topics' dead letters ({@code <topic>.dlt}), by topic. */
    Map<String, Integer> deadLetters() {
        Map<String, Integer> dead = new TreeMap<>();
        try (var kafka = new KafkaTestClient(platform.kafkaBootstrapServers())) {
            kafka.readUntil(Pattern.compile("[a-z]+\\.[a-z_]+\\.events\\.dlt"), seen -> false, Duration.ofSeconds(5))
                    .forEach(r -> dead.merge(r.topic(), 1, Integer::sum));
        }
        return dead;
    }

    /**
     * Injects a fault, then waits until every service answers its readiness probe (by itself) and every live consumer
     * group of the platform's event topics has caught up: the milliseconds that took, the fault's own time included.
     */
    long fault(Fault inject) throws Exception {
        long start = System.nanoTime();
        inject.run();
        for (String service : platform.services()) {
            platform.awaitReady(service, RECOVERY);
        }
        // the admin client may meet a broker still starting: such an answer is asked again, not a failure
        PlatformEndToEndIT.polling("every consumer group at lag 0", RECOVERY).ignoreExceptions()
                .until(() -> lag().isEmpty());
        return (System.nanoTime() - start) / 1_000_000;
    }

    interface Fault {
        void run() throws Exception;
    }

    /** The consumer groups of the event topics that are behind (the services' own must be stable with members). */
    Map<String, Long> lag() throws Exception {
        return ConsumerLag.behind(platform.kafkaBootstrapServers(), CONSUMERS, EVENT_TOPICS);
    }

    /** Each publisher's outbox rows, by service: their event ids. */
    static Map<String, Set<String>> outboxIds() {
        Map<String, Set<String>> ids = new LinkedHashMap<>();
        for (String service : PUBLISHERS) {
            ids.put(service, new HashSet<>(rows("SELECT CAST(id AS text) FROM " + service + ".outbox")));
        }
        return ids;
    }

    static Map<String, Integer> sizes(Map<String, Set<String>> sets) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sets.forEach((k, v) -> sizes.put(k, v.size()));
        return sizes;
    }

    /** The relay forwards the outbox row's payload: the envelope, as JSON (or a JSON string of it). */
    static JsonNode envelope(String value) {
        JsonNode node = PlatformEndToEndIT.JSON.readTree(value);
        return node.isString() ? PlatformEndToEndIT.JSON.readTree(node.asString()) : node;
    }

    static List<String> rows(String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(SharedPlatform.get().platform.jdbcUrl(), "postgres", "postgres");
             var rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
        return rows;
    }

    static long count(String sql) {
        return PlatformEndToEndIT.count(sql);
    }

    static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(SharedPlatform.get().platform.jdbcUrl(), "postgres", "postgres");
             Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }
}
