package app.platform.bench;

import app.platform.events.EventJson;
import app.platform.testkit.ConsumerLag;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.MixedLoad;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Back-pressure and catch-up: audit-service is stopped for a while under the members' mixed load, and everything it
 * has not read must wait in the outboxes and on the topics; then it is started again and catches up. Prints what the
 * outboxes and topics held at the restart (every outbox row on its topic, none pruned), the backlog, how long the
 * restart took until ready and until the audit group's lag was 0, and the catch-up rate: events audited per second
 * from ready to lag 0, while the load goes on. Options: --minutes N (5), --tick-ms N (200), --quick (1 minute).
 */
public final class CatchUpBench {

    static final Pattern EVENT_TOPICS = Pattern.compile("[a-z]+\\.[a-z_]+\\.events");
    static final List<String> PUBLISHERS = List.of("identity", "profile", "membership", "billing");

    public static void main(String[] args) {
        Bench.exitAfter(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        boolean quick = java.util.Arrays.asList(args).contains("--quick");
        int minutes = Integer.parseInt(Bench.option(args, "--minutes", quick ? "1" : "5"));
        Duration tick = Duration.ofMillis(Long.parseLong(Bench.option(args, "--tick-ms", "200")));
        Bench.printMachine();
        try (BenchPlatform platform = BenchPlatform.start()) {
            MixedLoad load = platform.mixedLoad("catchup", tick);
            Thread loader = Thread.ofPlatform().name("catchup-load").start(load);
            String kafka = platform.platform.kafkaBootstrapServers();
            awaitCaughtUp(kafka, Duration.ofMinutes(2));

            long outboxBefore = outboxIds(platform).size();
            platform.platform.stop("audit-service");
            System.out.printf("# audit-service stopped for %d min under the mixed load (a tick every %d ms)%n", minutes,
                    tick.toMillis());
            Thread.sleep(Duration.ofMinutes(minutes)); // the outage: the load runs meanwhile

            // what waited: every outbox row on its topic, none pruned
            Set<String> written = outboxIds(platform);
            Set<String> missing = new HashSet<>(written);
            missing.removeAll(topicIds(kafka)); // read after the outboxes: the load's newer events are on them too
            long audited = platform.count("SELECT count(*) FROM audit.system_audit_logs");
            long backlog = ConsumerLag.backlog(kafka, "audit-service", EVENT_TOPICS);
            System.out.println("held\toutbox_rows_written_in_outage\toutbox_rows\tnot_on_a_topic\taudit_backlog");
            System.out.printf("held\t%d\t%d\t%d\t%d%n", written.size() - outboxBefore, written.size(), missing.size(),
                    backlog);

            long restart = System.nanoTime(); // its listeners start before its readiness: the rate counts from here
            platform.platform.restart("audit-service");
            long ready = System.nanoTime();
            long auditedAtReady = platform.count("SELECT count(*) FROM audit.system_audit_logs");
            awaitCaughtUp(kafka, Duration.ofMinutes(30));
            long caughtUp = System.nanoTime();
            long auditedAtCaughtUp = platform.count("SELECT count(*) FROM audit.system_audit_logs");
            double seconds = (caughtUp - restart) / 1e9;
            // from the restart: the JVM's start included; from ready: what it audits once up (some before ready is not
            // counted there, its listeners start first)
            System.out.println("catchup\tbacklog_events\trestart_to_ready_s\trestart_to_lag0_s\taudited_events"
                    + "\tevents_per_s_from_restart\taudited_after_ready\tevents_per_s_after_ready");
            System.out.printf("catchup\t%d\t%.1f\t%.1f\t%d\t%.1f\t%d\t%.1f%n", backlog, (ready - restart) / 1e9, seconds,
                    auditedAtCaughtUp - audited, (auditedAtCaughtUp - audited) / seconds, auditedAtCaughtUp - auditedAtReady,
                    (auditedAtCaughtUp - auditedAtReady) / ((caughtUp - ready) / 1e9));
            load.stop();
            loader.join();
            // the last ticks' events (and the ones they cause) through the relay and into the audit log, or a minute
            Set<String> lost;
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            do {
                awaitCaughtUp(kafka, Duration.ofMinutes(2));
                lost = outboxIds(platform);
                lost.removeAll(new HashSet<>(platform.rows(
                        "SELECT CAST(event_id AS text) FROM audit.system_audit_logs WHERE event_id IS NOT NULL")));
                if (!lost.isEmpty()) {
                    Thread.sleep(500); // the relay's next poll
                }
            } while (!lost.isEmpty() && System.nanoTime() < deadline);
            System.out.printf("# after the load stopped: outbox rows not in the audit log %d; member journeys %s%n",
                    lost.size(), load.journeys());
        }
    }

    private static void awaitCaughtUp(String kafka, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ConsumerLag.behind(kafka, Set.of("audit-service"), EVENT_TOPICS).keySet().stream()
                .anyMatch(group -> group.startsWith("audit-service"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("audit-service did not catch up within " + timeout);
            }
            Thread.sleep(250); // polling the broker's offsets
        }
    }

    private static Set<String> outboxIds(BenchPlatform platform) throws Exception {
        Set<String> ids = new HashSet<>();
        for (String service : PUBLISHERS) {
            ids.addAll(platform.rows("SELECT CAST(id AS text) FROM " + service + ".outbox"));
        }
        return ids;
    }

    private static Set<String> topicIds(String kafka) {
        Set<String> ids = new HashSet<>();
        try (var client = new KafkaTestClient(kafka)) {
            client.readUntil(EVENT_TOPICS, seen -> false, Duration.ofSeconds(15)).forEach(r -> {
                JsonNode node = EventJson.MAPPER.readTree(r.value());
                JsonNode envelope = node.isString() ? EventJson.MAPPER.readTree(node.asString()) : node;
                ids.add(envelope.path("eventId").asString());
            });
        }
        return ids;
    }
}
