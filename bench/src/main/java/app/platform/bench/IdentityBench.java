package app.platform.bench;

import app.platform.testkit.Infrastructure;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Password sign-ins per second of identity-service against the raw bcrypt verify rate of this machine (the ratio
 * is the figure: a sign-in is one bcrypt verify plus the code flow), and refresh-token rotations per second.
 * Starts identity-service from its jar over an embedded PostgreSQL, seeds users, drives it over HTTP, prints.
 * Options: --jar PATH, --users N (200), --clients N (8), --seconds N (20), --quick (6 s per phase).
 */
public final class IdentityBench {

    private static final String PASSWORD = "bench password 123";
    private static final String CALLBACK = "http://127.0.0.1:8080/callback";

    public static void main(String[] args) {
        Bench.exitAfter(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        Bench.printMachine();
        Path jar = Path.of(Bench.option(args, "--jar", "identity-service/target/identity-service.jar"));
        int users = Integer.parseInt(Bench.option(args, "--users", "200"));
        int clients = Integer.parseInt(Bench.option(args, "--clients", "8"));
        Duration duration = Duration.ofSeconds(Long.parseLong(Bench.option(args, "--seconds", Bench.quick(args) ? "6" : "20")));
        int cores = Runtime.getRuntime().availableProcessors();
        TestDatabase db = Infrastructure.newDatabase("identity_bench");
        int port = Bench.freePort();
        Process identity = Bench.startJar(jar, "identity-bench", port, List.of("--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
                "--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrapServers(),
                "--identity.throttle.account-free-failures=1000000", "--identity.throttle.ip-free-failures=1000000",
                "--identity.throttle.api-free-attempts=1000000", "--logging.level.root=WARN"));
        try {
            String base = "http://localhost:" + port;
            String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode(PASSWORD);
            seed(db, users, hash);
            OAuthTestClient bff = new OAuthTestClient(base, "bff", "local-bff-secret", CALLBACK);
            // the JIT's warm-up until identity's compilers have settled (Load.warmUp; --quick: a quarter of a phase)
            Duration warmUp = Bench.quick(args) ? duration.dividedBy(4) : Duration.ofSeconds(120);
            String metrics = base + "/actuator/prometheus";
            Load.warmUp("sign-ins", clients, warmUp, i -> bff.signIn("bench" + (i % users) + "@example.com", PASSWORD),
                    false, metrics);

            Load.Rate raw = Load.run(cores, duration.dividedBy(2), i -> {
                if (!new BCryptPasswordEncoder().matches(PASSWORD, hash.substring("{bcrypt}".length()))) {
                    throw new IllegalStateException("bcrypt disagrees");
                }
            });
            Load.Rate signIns = Load.run(clients, duration, i -> bff.signIn("bench" + (i % users) + "@example.com", PASSWORD));
            List<String> tokens = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                tokens.add(bff.signIn("bench" + c + "@example.com", PASSWORD).get("refresh_token").asString());
            }
            OAuthTestClient refresher = new OAuthTestClient(base, "bff", "local-bff-secret", null);
            Load.Operation rotate = worker -> {
                int slot = (int) worker; // each client rotates its own refresh token
                tokens.set(slot, refresher.refresh(tokens.get(slot)).get("refresh_token").asString());
            };
            Load.warmUp("refreshes", clients, warmUp, rotate, true, metrics);
            Load.Rate refreshes = Load.run(clients, duration, rotate, true);

            System.out.printf("%nidentity-service on %d cores, %d users, %d clients, %d s per phase%n", cores, users,
                    clients, duration.toSeconds());
            System.out.printf("raw bcrypt verify (cost 10, %d threads): %8.1f /s%n", cores, raw.perSecond());
            System.out.printf("password sign-ins (code flow + PKCE):    %8.1f /s   p50 %4d ms  p95 %4d ms%n",
                    signIns.perSecond(), signIns.percentile(50), signIns.percentile(95));
            System.out.printf("sign-ins / raw bcrypt:                  %8.2f%n", signIns.perSecond() / raw.perSecond());
            System.out.printf("refresh-token rotations:                %8.1f /s   p50 %4d ms  p95 %4d ms%n",
                    refreshes.perSecond(), refreshes.percentile(50), refreshes.percentile(95));
            System.out.printf("errors: sign-ins %d, refreshes %d%n", signIns.errors(), refreshes.errors());
            double ratio = signIns.perSecond() / raw.perSecond();
            Bench.figure("password sign-ins/s", Bench.number(signIns.perSecond()) + " (p95 " + signIns.percentile(95) + " ms)",
                    "raw bcrypt-10 verifies/s on the same cores: " + Bench.number(raw.perSecond()),
                    String.format("%.2f", ratio), ">= 0.9x", ratio >= 0.9);
            // Keycloak's sizing guide: 120 refresh-token grants/s per vCPU (a published figure, not measured here)
            double keycloak = 120.0 * cores;
            Bench.figure("refresh-token rotations/s", Bench.number(refreshes.perSecond()) + " (p95 "
                            + refreshes.percentile(95) + " ms)", "Keycloak's sizing guide, 120/s per vCPU: " + Bench.number(keycloak),
                    String.format("%.2f", refreshes.perSecond() / keycloak), ">= 1000/s", refreshes.perSecond() >= 1000);
        } finally {
            identity.destroy();
        }
    }

    private static void seed(TestDatabase db, int users, String hash) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             PreparedStatement user = c.prepareStatement(
                     "INSERT INTO identity.users (id, email, email_verified_at) VALUES (?, ?, now())");
             PreparedStatement account = c.prepareStatement("""
                     INSERT INTO identity.account (id, user_id, provider, provider_subject, password_hash)
                     VALUES (?, ?, 'password', ?, ?)""")) {
            for (int i = 0; i < users; i++) {
                UUID id = UUID.randomUUID();
                user.setObject(1, id);
                user.setString(2, "bench" + i + "@example.com");
                user.addBatch();
                account.setObject(1, UUID.randomUUID());
                account.setObject(2, id);
                account.setString(3, id.toString());
                account.setString(4, hash);
                account.addBatch();
            }
            user.executeBatch();
            account.executeBatch();
        }
    }
}
