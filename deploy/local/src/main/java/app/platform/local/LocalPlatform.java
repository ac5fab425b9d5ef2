package app.platform.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform on one machine without Docker: embedded PostgreSQL 17 ({@code wal_level=logical}) and an
 * embedded KRaft broker, both keeping their data under {@code dataDir}; the schemas and roles; then every service
 * from its jar, as its own process or in this JVM, started in dependency order and awaited on its readiness probe.
 */
public final class LocalPlatform implements AutoCloseable {

    static final String DATABASE = "platform";
    /** The demo legacy (Supabase-shaped) database beside the platform's, captured for the cutover. */
    static final String LEGACY_DATABASE = "supabase";

    private final Path home;
    private final Path dataDir;
    private final Ports ports;
    private final Map<String, String> overrides;
    private final int legacyScale;
    /** Whether the demo legacy database has its audit logs (a benchmark of the other tables leaves them out). */
    private boolean legacyAuditLogs = true;
    private final boolean oneJvm;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private EmbeddedPostgres postgres;
    private EmbeddedKafka kafka;
    private LocalMailbox mailbox;
    private boolean closed;

    /** @param overrides environment given to every service on top of the wiring (settings for a test, say) */
    LocalPlatform(Path home, Path dataDir, Ports ports, Map<String, String> overrides) {
        this(home, dataDir, ports, overrides, 0, false);
    }

    /**
     * @param legacyScale above 0: a demo legacy database ({@code supabase}, the demo data times this scale, made on
     *                    the first start) captured by cdc-relay and imported by every service, as during the cutover
     * @param oneJvm      every service in this JVM, each in its own class loader and context ({@link ServiceInJvm});
     *                    otherwise each its own process ({@link ServiceProcess}), which a test can kill alone
     */
    LocalPlatform(Path home, Path dataDir, Ports ports, Map<String, String> overrides, int legacyScale, boolean oneJvm) {
        this.home = home;
        this.dataDir = dataDir.toAbsolutePath();
        this.ports = ports;
        this.overrides = Map.copyOf(overrides);
        this.legacyScale = legacyScale;
        this.oneJvm = oneJvm;
    }

    /**
     * The platform of the project around the working directory, on free ports, with these settings given to every
     * service (the benchmarks' platform; {@link #start()} it).
     */
    public static LocalPlatform onFreePorts(Path dataDir, Map<String, String> overrides, int legacyScale) {
        return new LocalPlatform(Launcher.projectHome(Path.of("").toAbsolutePath()), dataDir, Ports.free(), overrides,
                legacyScale, false);
    }

    /** The demo legacy database without its two audit log tables' rows: a benchmark of the other tables at scale. */
    public LocalPlatform withoutLegacyAuditLogs() {
        legacyAuditLogs = false;
        return this;
    }

    /** Starts everything; should any part fail, what was started is stopped again before the failure is thrown. */
    public LocalPlatform start() throws Exception {
        try {
            return startAll();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private LocalPlatform startAll() throws Exception {
        Files.createDirectories(dataDir);
        startPostgres();
        createSchemasAndRoles();
        if (legacyScale > 0) {
            createLegacyDemo();
        }
        startKafka();
        kafka.createTopics(topics());
        mailbox = new LocalMailbox(ports.smtp(), dataDir.resolve("mail"));
        defineServices();
        // all at once (a service fetches identity's keys at its first token check, not at its start), but the relay
        // after the services made their outbox tables, which it captures
        startAndAwait(List.of("identity-service", "profile-service", "membership-service", "billing-service",
                "audit-service", "gateway"));
        startAndAwait(List.of("cdc-relay"));
        return this;
    }

    private void startPostgres() throws java.io.IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false)
                // stopped by close(), after the services: its own shutdown hook would stop it under them on Ctrl-C
                .setRegisterShutdownHook(false)
                .setPort(ports.postgres())
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "10")
                .setServerConfig("max_wal_senders", "10")
                .setServerConfig("max_connections", "200")
                .start();
    }

    /**
     * Stops PostgreSQL for {@code down} (a fast shutdown: every connection cut), then starts it again on its data, as a
     * database restart would; the services reconnect by themselves.
     */
    public void restartPostgres(Duration down) throws Exception {
        postgres.close();
        Thread.sleep(down.toMillis()); // the outage the services meet
        startPostgres();
    }

    /** The services it runs, by name, in start order. */
    public java.util.Set<String> services() {
        return java.util.Collections.unmodifiableSet(services.keySet());
    }

    /** Waits until a service answers its readiness probe again, by itself (no restart). */
    public void awaitReady(String service, Duration timeout) throws InterruptedException {
        services.get(service).awaitReady(timeout);
    }

    public String gatewayUrl() {
        return "http://localhost:" + ports.gateway();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + ports.postgres() + "/" + DATABASE;
    }

    public String legacyJdbcUrl() {
        return "jdbc:postgresql://localhost:" + ports.postgres() + "/" + LEGACY_DATABASE;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Stops the broker for {@code down}, then starts it again on its log (its topics and offsets kept), as a broker
     * restart would; the services reconnect by themselves.
     */
    public void restartKafka(Duration down) throws Exception {
        kafka.close();
        Thread.sleep(down.toMillis()); // the outage the clients meet
        startKafka();
    }

    private void startKafka() throws Exception {
        kafka = new EmbeddedKafka(dataDir.resolve("kafka"), ports.kafka(), ports.kafkaController());
    }

    /** A service's own address (not the gateway's), as a probe or a test of the service alone uses it. */
    public String serviceUrl(String service) {
        return "http://localhost:" + services.get(service).port;
    }

    /** The process id of a running service (its memory is read from {@code /proc/<pid>}; in one JVM, this one's). */
    public long pid(String service) {
        return services.get(service).pid();
    }

    /** Stops a service cleanly (SIGTERM), as a scale-down or a deployment would; {@link #restart} starts it again. */
    public void stop(String service) throws InterruptedException {
        services.get(service).stop();
    }

    /** Crashes a service (SIGKILL), as a node failure would; not in one JVM. */
    public void kill(String service) throws InterruptedException {
        services.get(service).kill();
    }

    public void restart(String service) throws Exception {
        Service s = services.get(service);
        s.stop();
        s.start();
        s.awaitReady(Duration.ofMinutes(3));
    }

    private void startAndAwait(List<String> names) throws Exception {
        for (String name : names) {
            services.get(name).start();
        }
        for (String name : names) {
            services.get(name).awaitReady(Duration.ofMinutes(3));
            System.out.println("  " + name + " ready on port " + services.get(name).port);
        }
    }

    private void defineServices() {
        String pgJdbc = jdbcUrl();
        String pgR2dbc = "r2dbc:postgresql://localhost:" + ports.postgres() + "/" + DATABASE;
        String issuer = gatewayUrl();
        String jwks = "http://localhost:" + ports.identity() + "/oauth2/jwks";
        Map<String, String> common = new HashMap<>(Map.of(
                // this machine only: the services' development secrets are accepted (platform-kit's DevelopmentSecrets)
                "SPRING_PROFILES_ACTIVE", "local",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "IDENTITY_ISSUER", issuer,
                "IDENTITY_JWKS_URI", jwks,
                "IDENTITY_URL", "http://localhost:" + ports.identity()));
        if (legacyScale > 0) {
            // the cutover: cdc-relay captures the legacy database, every service imports its tables
            common.putAll(Map.of("RELAY_LEGACY_ENABLED", "true", "LEGACY_DB_URL", legacyJdbcUrl(),
                    "LEGACY_DB_USER", "postgres", "LEGACY_DB_PASSWORD", "postgres", "IDENTITY_LEGACY_IMPORT", "true",
                    "PROFILE_LEGACY_IMPORT", "true", "MEMBERSHIP_LEGACY_IMPORT", "true", "BILLING_LEGACY_IMPORT", "true",
                    "AUDIT_LEGACY_IMPORT", "true"));
            // the failback: from the switch on, the services carry their changes back to the legacy database
            common.putAll(Map.of("FAILBACK_ENABLED", "true", "FAILBACK_DB_URL", legacyJdbcUrl(),
                    "FAILBACK_DB_USER", "postgres", "FAILBACK_DB_PASSWORD", "postgres"));
        }

        add("identity-service", ports.identity(), Map.of("IDENTITY_DB_URL", pgJdbc, "IDENTITY_PORT", str(ports.identity()),
                "SMTP_HOST", "127.0.0.1", "SMTP_PORT", str(ports.smtp()),
                "IDENTITY_PASSKEY_ORIGINS", gatewayUrl() + ",http://localhost:" + ports.identity(),
                "IDENTITY_DOCS_REDIRECT_URIS", gatewayUrl() + "/swagger-ui/oauth2-redirect.html",
                "IDENTITY_CONSOLE_REDIRECT_URIS", gatewayUrl() + "/account/," + gatewayUrl() + "/admin/",
                "IDENTITY_CONSOLE_POST_LOGOUT_URIS", gatewayUrl() + "/login?logout"), common);
        for (var svc : List.of(Map.entry("profile", ports.profile()), Map.entry("membership", ports.membership()),
                Map.entry("billing", ports.billing()), Map.entry("audit", ports.audit()))) {
            String prefix = svc.getKey().toUpperCase();
            add(svc.getKey() + "-service", svc.getValue(), Map.of(prefix + "_R2DBC_URL", pgR2dbc,
                    prefix + "_JDBC_URL", pgJdbc, prefix + "_PORT", str(svc.getValue())), common);
        }
        // the gateway's upstreams, and the importers cdc-relay's reconciliation reads
        Map<String, String> services = new HashMap<>();
        services.put("IDENTITY_URL", "http://localhost:" + ports.identity());
        services.put("PROFILE_URL", "http://localhost:" + ports.profile());
        services.put("MEMBERSHIP_URL", "http://localhost:" + ports.membership());
        services.put("BILLING_URL", "http://localhost:" + ports.billing());
        services.put("AUDIT_URL", "http://localhost:" + ports.audit());
        Map<String, String> relay = new HashMap<>(services);
        relay.putAll(Map.of("RELAY_DB_URL", pgJdbc, "RELAY_DB_USER", "postgres", "RELAY_DB_PASSWORD", "postgres",
                "RELAY_PORT", str(ports.relay())));
        add("cdc-relay", ports.relay(), relay, common);
        Map<String, String> upstreams = new HashMap<>(services);
        upstreams.put("GATEWAY_PORT", str(ports.gateway()));
        upstreams.put("RELAY_URL", "http://localhost:" + ports.relay());
        add("gateway", ports.gateway(), upstreams, common);
    }

    private void add(String name, int port, Map<String, String> own, Map<String, String> common) {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(own);
        env.putAll(overrides);
        Path jar = home.resolve(name).resolve("target").resolve(name + ".jar");
        services.put(name, oneJvm ? new ServiceInJvm(name, jar, port, env, dataDir)
                : new ServiceProcess(name, jar, port, env, dataDir));
    }

    /**
     * Every domain-event topic (the channels of the event catalogue) and, during the cutover, one topic per legacy
     * table of the schemas captured ({@code legacy.<schema>.<table>}).
     */
    private List<String> topics() throws Exception {
        List<String> topics = new ArrayList<>();
        try (var catalogue = LocalPlatform.class.getResourceAsStream("/asyncapi/asyncapi.json")) {
            app.platform.events.EventJson.MAPPER.readTree(catalogue).get("channels")
                    .forEach(channel -> topics.add(channel.get("address").asString()));
        }
        if (legacyScale > 0) {
            topics.add("__debezium-heartbeat.legacy"); // the capture's heartbeats (Debezium's name for the prefix)
            try (Connection c = DriverManager.getConnection(legacyJdbcUrl(), "postgres", "postgres");
                 var rs = c.createStatement().executeQuery("""
                         SELECT table_schema || '.' || table_name FROM information_schema.tables
                         WHERE table_schema IN ('auth', 'public') AND table_type = 'BASE TABLE'""")) {
                while (rs.next()) {
                    topics.add("legacy." + rs.getString(1));
                }
            }
        }
        return topics;
    }

    /** One database, laid out by {@code platform-init.sql} (the same script docker compose runs). */
    private void createSchemasAndRoles() throws SQLException {
        String admin = "jdbc:postgresql://localhost:" + ports.postgres() + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, "postgres", "postgres"); Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + DATABASE);
                }
            }
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres"); Statement st = c.createStatement();
             var init = LocalPlatform.class.getResourceAsStream("/platform-init.sql")) {
            st.execute(new String(init.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("platform-init.sql is missing from the launcher", e);
        }
    }

    /** The demo legacy database, made once: a second start keeps what the cutover's writers did to it. */
    private void createLegacyDemo() throws SQLException {
        String admin = "jdbc:postgresql://localhost:" + ports.postgres() + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, "postgres", "postgres"); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + LEGACY_DATABASE + "'")) {
            if (rs.next()) {
                return;
            }
            st.execute("CREATE DATABASE " + LEGACY_DATABASE);
        }
        try (Connection c = DriverManager.getConnection(legacyJdbcUrl(), "postgres", "postgres")) {
            app.platform.legacydemo.LegacyDemo.create(c, legacyScale, legacyAuditLogs);
        }
        System.out.println("  demo legacy database '" + LEGACY_DATABASE + "' created at scale " + legacyScale);
    }

    /** Stops everything it started, once (a failed start closes it, and so may the launcher's Ctrl-C after that). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // in reverse dependency order, each wave in parallel (a service takes seconds to leave its consumer groups):
        // the front door and the relay first (no new request, no new event), their requests in flight finishing
        // (graceful shutdown); then the other services, each consumer committing only what it applied; identity
        // last, whose keys the others check tokens against until they stop
        List<String> last = List.of("identity-service");
        List<String> first = List.of("gateway", "cdc-relay");
        stopAll(first);
        stopAll(services.keySet().stream().filter(n -> !first.contains(n) && !last.contains(n)).toList());
        stopAll(last);
        if (mailbox != null) {
            mailbox.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
    }

    /** Stops these services at once (SIGTERM each: a graceful shutdown), and waits for all of them. */
    private void stopAll(List<String> names) {
        List<Thread> stopping = new ArrayList<>();
        for (String name : names) {
            Service s = services.get(name);
            if (s == null) {
                continue;
            }
            stopping.add(Thread.ofVirtual().start(() -> {
                try {
                    s.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String str(int port) {
        return String.valueOf(port);
    }
}
