package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.OAuthTestClient;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Kill anything under load, and nothing is lost, duplicated or stuck: on the shared platform (every jar its own
 * process), sign-ups and profile edits run through the gateway throughout, while, one at a time, each service and
 * cdc-relay is SIGKILLed and started again, the broker and PostgreSQL are stopped and started again, and profile's
 * database role refuses new connections for 20 s. After each fault every service is ready again by itself (no restart
 * by hand for the outages) and every live consumer group's lag returns to 0; at the end every outbox row is on its
 * topic (read by a plain Kafka consumer), in the audit log, and each sign-up became exactly one app user, and no event
 * went to a dead-letter topic. The report
 * (faults, recovery times, events per type, lost and duplicated) is printed and quoted in the README.
 */
@Order(Integer.MAX_VALUE - 1) // after every other class on the shared platform, before the failback (which ends it)
@ExtendWith(SharedPlatform.class)
class FaultsEndToEndIT {

    static final Duration RECOVERY = Duration.ofMinutes(3);
    static final Pattern EVENT_TOPICS = Pattern.compile("[a-z]+\\.[a-z_]+\\.events");
    static final List<String> PUBLISHERS = List.of("identity", "profile", "membership", "billing");
    /** The services' groups that read the event topics. */
    static final Set<String> CONSUMERS = Set.of("profile-service", "membership-service", "billing-service",
            "audit-service");
    final LocalPlatform platform = SharedPlatform.get().platform;
    final String gateway = SharedPlatform.get().gateway;

    @Test
    void everyComponentFailsUnderLoadAndNothingIsLostDuplicatedOrStuck() throws Exception {
        Load load = new Load(gateway);
        Thread loader = Thread.ofPlatform().name("fault-load").start(load);
        Map<String, Long> recovery = new LinkedHashMap<>();
        try {
            PlatformEndToEndIT.polling("the load's first sign-ups", Duration.ofMinutes(1))
                    .until(() -> load.accepted.get() >= 5);
            for (String service : List.of("identity-service", "profile-service", "membership-service",
                    "billing-service", "audit-service", "cdc-relay", "gateway")) {
                recovery.put("SIGKILL " + service, fault(() -> {
                    platform.kill(service);
                    platform.restart(service);
                }));
            }
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
            load.stop.set(true);
            loader.join();
        }
        long settled = fault(() -> { }); // the last events through, every group at lag 0

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
        System.out.printf("report: faults under load (sign-ups accepted %d, refused or failed %d; profile edits %d, "
                        + "failed %d)%n", load.accepted.get(), load.failed.get(), load.edits.get(), load.editsFailed.get());
        recovery.forEach((fault, ms) -> System.out.printf("report:   %-45s recovered in %6.1f s%n", fault, ms / 1000.0));
        System.out.printf("report:   %-45s %6.1f s%n", "then settled (lag 0) in", settled / 1000.0);
        System.out.printf("report: events written %d (per outbox %s), on the topics %d distinct, duplicated on a "
                        + "topic %d, lost on the way to a topic %d, lost to the audit log %d; app users twice %d, "
                        + "sign-ups without an app user %d%n", written.size(), sizes(outbox), onTopics.size(),
                topicDuplicates, lostOnTopics.size(), lostInAudit.size(), appUserDuplicates, loadUsersWithoutAppUser);
        System.out.printf("report: events per type %s; dead letters %s%n", perType, deadLetters);

        assertThat(load.accepted.get()).as("the load ran").isPositive();
        assertThat(lostOnTopics).as("outbox rows never published").isEmpty();
        assertThat(lostInAudit).as("events the audit log lacks").isEmpty();
        assertThat(appUserDuplicates).as("a sign-up applied twice by profile").isZero();
        assertThat(loadUsersWithoutAppUser).as("a sign-up profile never applied").isZero();
        assertThat(deadLetters).as("events a consumer gave up on").isEmpty();
    }

    /** What was written, what reached the topics and the audit log, and the sign-ups profile has not applied. */
    record Counts(Map<String, Set<String>> outbox, Set<String> written, Map<String, Integer> onTopics,
                  Map<String, String> typeOf, Set<String> lostOnTopics, Set<String> lostInAudit, long withoutAppUser) {
        boolean complete() {
            return lostOnTopics.isEmpty() && lostInAudit.isEmpty() && withoutAppUser == 0;
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
        return new Counts(outbox, written, onTopics, typeOf, lostOnTopics, lostInAudit, withoutAppUser);
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
        PlatformEndToEndIT.polling("every consumer group at lag 0", RECOVERY).until(() -> lag().isEmpty());
        return (System.nanoTime() - start) / 1_000_000;
    }

    interface Fault {
        void run() throws Exception;
    }

    /**
     * The consumer groups of the event topics that are behind, with how far: the services' own groups must be stable
     * with members (one rebalancing after a crash is not caught up), and every other stable group (the reverse streams)
     * is counted too; a partition a group has never committed is behind by all it holds.
     */
    Map<String, Long> lag() throws Exception {
        Map<String, Long> behind = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers()))) {
            Set<String> groups = new HashSet<>(CONSUMERS);
            admin.listConsumerGroups().all().get().forEach(g -> groups.add(g.groupId()));
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get();
            for (String group : groups) {
                ConsumerGroupDescription description = described.get(group);
                boolean live = description.groupState() == GroupState.STABLE && !description.members().isEmpty();
                if (!live) {
                    if (CONSUMERS.contains(group)) {
                        behind.put(group + " (" + description.groupState() + ")", -1L);
                    }
                    continue;
                }
                Set<TopicPartition> assigned = new HashSet<>();
                description.members().forEach(m -> assigned.addAll(m.assignment().topicPartitions()));
                assigned.removeIf(tp -> !EVENT_TOPICS.matcher(tp.topic()).matches());
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                assigned.forEach(tp -> {
                    latest.put(tp, OffsetSpec.latest());
                    earliest.put(tp, OffsetSpec.earliest());
                });
                var ends = admin.listOffsets(latest).all().get();
                var starts = admin.listOffsets(earliest).all().get();
                long lag = 0;
                for (TopicPartition tp : assigned) {
                    OffsetAndMetadata at = committed.get(tp);
                    lag += ends.get(tp).offset() - (at == null ? starts.get(tp).offset() : at.offset());
                }
                if (lag > 0) {
                    behind.put(group, lag);
                }
            }
        }
        return behind;
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

    /**
     * The mixed load through the gateway: a sign-up, then a profile edit of a user signed in before the faults, over
     * and over, every answer counted (a fault's refusals and failures are expected; what was accepted must not be lost).
     */
    static final class Load implements Runnable {
        static final Duration PACE = Duration.ofMillis(50);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong edits = new AtomicLong();
        final AtomicLong editsFailed = new AtomicLong();
        final Map<String, Integer> statuses = new ConcurrentHashMap<>();
        private final String gateway;
        private final String token;

        Load(String gateway) throws Exception {
            this.gateway = gateway;
            String email = "fault-load-editor-" + UUID.randomUUID() + "@example.com";
            assertThat(PlatformEndToEndIT.signUp(email).statusCode()).isEqualTo(202);
            this.token = new OAuthTestClient(gateway, "web", "http://127.0.0.1:8080/callback")
                    .signIn(email, "a long enough password").get("access_token").asString();
            PlatformEndToEndIT.polling("the editor's profile", Duration.ofMinutes(1))
                    .until(() -> edit(0).statusCode() == 200);
        }

        @Override
        public void run() {
            for (long i = 1; !stop.get(); i++) {
                try {
                    var signUp = PlatformEndToEndIT.signUp("fault-load-" + UUID.randomUUID() + "@example.com");
                    (signUp.statusCode() == 202 ? accepted : failed).incrementAndGet();
                    var edit = edit(i);
                    (edit.statusCode() == 200 ? edits : editsFailed).incrementAndGet();
                    statuses.merge(signUp.statusCode() + "/" + edit.statusCode(), 1, Integer::sum);
                } catch (Exception refused) {
                    failed.incrementAndGet();
                }
                try {
                    Thread.sleep(PACE.toMillis()); // a load at a steady rate, not a spin while a fault refuses at once
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        HttpResponse<String> edit(long n) throws Exception {
            return PlatformEndToEndIT.HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/profile/me/profile"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"displayName\":\"Load " + n + "\"}"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
