package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.events.EventJson;
import app.platform.events.Topics;
import app.platform.kafka.KafkaClientSecurity;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment descriptors against the modules they deploy: the Kustomize overlays rendered down to their
 * documents (resources followed, patch targets checked), docker-compose.yml, the Jib image names, every
 * environment variable against the placeholders of the service's application.yml, and Kafka's users, ACLs and
 * network policy against the topics and groups the services' code uses.
 */
class DeploymentDescriptorsTest {

    static final Path HOME = Launcher.projectHome(Path.of("").toAbsolutePath());
    static final List<String> SERVICES = List.of("identity-service", "profile-service", "membership-service",
            "billing-service", "audit-service", "cdc-relay", "gateway");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:?)");

    @Test
    void everyOverlayRendersToHardenedDeploymentsWithProbesBudgetsAndAutoscaling() throws IOException {
        for (String overlay : List.of("dev", "prod")) {
            Rendered rendered = render(HOME.resolve("deploy/k8s/overlays").resolve(overlay));
            assertThat(rendered.of("Deployment")).as(overlay).hasSize(SERVICES.size());
            for (Map<String, Object> deployment : rendered.of("Deployment")) {
                String name = name(deployment);
                assertThat(SERVICES).contains(name);
                Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
                Map<String, Object> container = list(pod, "containers").getFirst();
                assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
                assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                        .containsEntry("allowPrivilegeEscalation", false);
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    assertThat(map(map(container, probe), "httpGet").get("path").toString()).as(name + " " + probe)
                            .startsWith("/actuator/health/");
                }
                assertThat(map(map(container, "resources"), "requests")).containsKeys("cpu", "memory");
                assertThat(map(map(container, "resources"), "limits")).containsKeys("cpu", "memory");
                assertThat(map(container, "lifecycle")).containsKey("preStop");
                assertThat(container.get("image").toString()).startsWith("platform/" + name + ":");
                assertThat(map(rendered.named("PodDisruptionBudget", name), "spec")).as(name + " PDB: a drain with one replica")
                        .containsEntry("maxUnavailable", 1).doesNotContainKey("minAvailable");
                boolean singleton = "true".equals(map(map(deployment, "metadata"), "labels").get("platform/singleton"));
                if (singleton) {
                    assertThat(map(map(deployment, "spec"), "strategy")).containsEntry("type", "Recreate");
                    assertThat(map(deployment, "spec")).containsEntry("replicas", 1);
                } else {
                    Map<String, Object> hpa = rendered.named("HorizontalPodAutoscaler", name);
                    assertThat(hpa).as(name + " HPA").isNotNull();
                    assertThat(map(map(hpa, "spec"), "scaleTargetRef")).containsEntry("name", name);
                    assertThat(map(deployment, "spec")).as(name + ": the HPA sets the replicas, an apply does not reset them")
                            .doesNotContainKey("replicas");
                }
                int port = (int) list(container, "ports").getFirst().get("containerPort");
                assertThat(port).as(name + " port").isEqualTo(defaultPort(name));
                assertThat(rendered.named("Service", name)).as(name + " Service").isNotNull();
            }
            assertThat(rendered.of("NetworkPolicy")).extracting(DeploymentDescriptorsTest::name)
                    .contains("default-deny", "gateway-from-anywhere");
            assertThat(rendered.of("Kafka")).hasSize(1);
            // billing's sandbox cards pay without money: allowed in dev only
            assertThat(map(rendered.named("ConfigMap", "billing-service"), "data").get("BILLING_SANDBOX_ALLOWED"))
                    .as(overlay).isEqualTo(overlay.equals("dev") ? "true" : null);
        }
    }

    @Test
    void everyVariableADeploymentSetsIsOneTheServiceReadsAndNoneItNeedsIsMissing() throws IOException {
        Rendered rendered = render(HOME.resolve("deploy/k8s/overlays/prod"));
        Map<String, Object> compose = new Yaml().load(Files.readString(HOME.resolve("docker-compose.yml")));
        for (String service : SERVICES) {
            Placeholders reads = placeholders(service);
            Set<String> k8s = new HashSet<>(map(rendered.named("ConfigMap", service), "data").keySet());
            Map<String, Object> container = list(map(map(map(rendered.named("Deployment", service), "spec"), "template"),
                    "spec"), "containers").getFirst();
            if (container.get("env") != null) {
                list(container, "env").forEach(e -> k8s.add(e.get("name").toString()));
            }
            assertThat(reads.all()).as(service + ": variables set in Kubernetes (no development profile)").containsAll(k8s);
            assertThat(k8s).as(service + ": variables without a default").containsAll(reads.required());

            Map<String, Object> composed = map(map(compose, "services"), service);
            assertThat(composed.get("image").toString()).startsWith("platform/" + service + ":");
            Map<String, Object> composedEnvironment = new HashMap<>(map(composed, "environment"));
            assertThat(composedEnvironment.remove("SPRING_PROFILES_ACTIVE")).as(service + ": compose runs on this machine")
                    .isEqualTo("local");
            assertThat(reads.all()).as(service + ": variables set in compose").containsAll(composedEnvironment.keySet());
            assertThat(map(composed, "healthcheck").get("test").toString()).contains("/actuator/health/readiness")
                    .contains(String.valueOf(defaultPort(service)));
            map(composed, "depends_on").forEach((dependency, condition) ->
                    assertThat(((Map<?, ?>) condition).get("condition")).as(service + " after " + dependency)
                            .isEqualTo(dependency.equals("kafka-init") ? "service_completed_successfully" : "service_healthy"));
        }
        Map<String, Object> postgres = map(map(compose, "services"), "postgres");
        assertThat(postgres.get("command").toString()).contains("wal_level=logical");
        String init = list(postgres, "volumes").toString();
        assertThat(init).contains("platform-init.sql");
        assertThat(HOME.resolve("deploy/local/src/main/resources/platform-init.sql")).exists();
        Map<String, Object> legacy = map(map(compose, "services"), "legacy-db");
        assertThat(legacy.get("profiles").toString()).contains("legacy");
        assertThat(legacy.get("command").toString()).contains("wal_level=logical");
        for (Object volume : list(legacy, "volumes")) {
            assertThat(HOME.resolve(volume.toString().split(":")[0].substring(2))).as(volume.toString()).exists();
        }
    }

    @Test
    void prodTakesEverySecretWithADevelopmentValueFromTheSecretAndRedirectsOnlyToPublicAddresses() throws IOException {
        Rendered rendered = render(HOME.resolve("deploy/k8s/overlays/prod"));
        for (String service : SERVICES) {
            Map<String, Object> yml = applicationYml(service);
            Map<String, Object> config = map(rendered.named("ConfigMap", service), "data");
            Map<String, Object> container = list(map(map(map(rendered.named("Deployment", service), "spec"), "template"),
                    "spec"), "containers").getFirst();
            List<Map<String, Object>> env = container.get("env") == null ? List.of() : list(container, "env");
            for (String secret : developmentSecrets(yml)) {
                String variable = variable(value(yml, secret));
                assertThat(config).as(service + ": " + variable + " is no ConfigMap setting").doesNotContainKey(variable);
                Map<String, Object> set = env.stream().filter(e -> variable.equals(e.get("name"))).findFirst().orElse(null);
                assertThat(set).as(service + ": " + variable + " is set").isNotNull().doesNotContainKey("value");
                assertThat(map(map(set, "valueFrom"), "secretKeyRef")).as(service + ": " + variable)
                        .containsEntry("name", "platform-secrets").containsEntry("optional", false);
            }
        }
        for (String service : List.of("identity-service", "profile-service", "billing-service", "audit-service", "cdc-relay")) {
            assertThat(developmentSecrets(applicationYml(service))).as(service + ": its secrets with a development value")
                    .isNotEmpty();
        }

        Map<String, Object> clients = map(map(map(map(map(applicationYml("identity-service"), "spring"), "security"),
                "oauth2"), "authorizationserver"), "client");
        Map<String, Object> identityConfig = map(rendered.named("ConfigMap", "identity-service"), "data");
        List<String> redirects = new ArrayList<>();
        for (Object client : clients.values()) {
            Map<String, Object> registration = map(cast(client), "registration");
            for (String key : List.of("redirect-uris", "post-logout-redirect-uris")) {
                if (registration.get(key) != null) {
                    redirects.add(variable(registration.get(key).toString()));
                }
            }
        }
        assertThat(redirects).as("the clients' redirect variables").hasSizeGreaterThanOrEqualTo(5);
        for (String variable : redirects) {
            assertThat(identityConfig).as("prod sets " + variable).containsKey(variable);
            for (String uri : identityConfig.get(variable).toString().split(",")) {
                assertThat(uri.trim()).as(variable).startsWith("https://").doesNotContain("localhost", "127.0.0.1");
            }
        }
    }

    @Test
    void theImagesAreBuiltByJibUnderTheNamesTheDescriptorsUse() throws IOException {
        assertThat(Files.readString(HOME.resolve("pom.xml"))).contains("<image>platform/${project.artifactId}</image>")
                .contains("<user>65532:65532</user>");
        for (String service : SERVICES) {
            assertThat(Files.readString(HOME.resolve(service).resolve("pom.xml"))).as(service)
                    .contains("<artifactId>" + service + "</artifactId>").contains("jib-maven-plugin");
        }
    }

    // ---- Kafka: authenticated, authorized as the code uses it, and reachable from its clients only ----

    @Test
    void kafkaTakesOnlyScramOverTlsAuthorizesEveryClientAndOnlyTheServicesThatUseItReachItsBrokers() throws IOException {
        Set<String> clients = new TreeSet<>(kafkaServices());
        for (String overlay : List.of("dev", "prod")) {
            Rendered rendered = render(HOME.resolve("deploy/k8s/overlays").resolve(overlay));
            Map<String, Object> kafka = rendered.of("Kafka").getFirst();
            String cluster = name(kafka);
            Map<String, Object> brokers = map(map(kafka, "spec"), "kafka");
            List<Map<String, Object>> listeners = list(brokers, "listeners");
            assertThat(listeners).as(overlay + ": Kafka's listeners").isNotEmpty();
            for (Map<String, Object> listener : listeners) {
                assertThat(map(listener, "authentication")).as(overlay + ": listener " + listener.get("name"))
                        .containsEntry("type", "scram-sha-512");
                assertThat(listener).as(overlay + ": listener " + listener.get("name") + " is TLS").containsEntry("tls", true);
                assertThat(list(listener, "networkPolicyPeers")).as(overlay + ": who Strimzi lets reach " + listener.get("name"))
                        .isNotEmpty().allSatisfy(peer -> assertThat(podsOnly(peer)).isEqualTo(clients));
            }
            assertThat(map(brokers, "authorization")).as(overlay + ": every client is authorized").containsEntry("type", "simple");
            assertThat(map(map(kafka, "spec"), "entityOperator")).as(overlay + ": the KafkaUsers are made")
                    .containsKey("userOperator");

            Set<Object> ports = new HashSet<>();
            listeners.forEach(listener -> ports.add(listener.get("port")));
            List<Map<String, Object>> brokerPolicies = rendered.of("NetworkPolicy").stream()
                    .filter(policy -> selectsBrokers(map(map(policy, "spec"), "podSelector"), cluster)).toList();
            assertThat(brokerPolicies).as(overlay + ": a NetworkPolicy covers the brokers").isNotEmpty();
            for (Map<String, Object> policy : brokerPolicies) {
                Map<String, Object> spec = map(policy, "spec");
                assertThat(spec.get("policyTypes").toString()).as(name(policy)).contains("Ingress");
                for (Map<String, Object> rule : list(spec, "ingress")) {
                    assertThat(rule.get("from")).as(name(policy) + ": a rule without 'from' admits everyone").isNotNull();
                    assertThat(list(rule, "from")).as(name(policy))
                            .allSatisfy(peer -> assertThat(podsOnly(peer)).isEqualTo(clients));
                    assertThat(rule.get("ports")).as(name(policy) + ": a rule without 'ports' opens them all").isNotNull();
                    assertThat(list(rule, "ports")).as(name(policy))
                            .allSatisfy(port -> assertThat(ports).contains(port.get("port")));
                }
            }
            assertThat(rendered.of("NetworkPolicy")).as(overlay + ": the services may reach the listener")
                    .anyMatch(policy -> list(map(policy, "spec"), "egress") != null && list(map(policy, "spec"), "egress")
                            .stream().anyMatch(rule -> reachesBrokers(rule, cluster, ports)));
        }
    }

    @Test
    void everyServiceThatUsesKafkaIsAKafkaUserAllowedWhatItsCodeWritesAndReadsAndNothingElseLoggingInWithItsSecret()
            throws IOException {
        Rendered rendered = render(HOME.resolve("deploy/k8s/overlays/prod"));
        Map<String, Object> kafka = rendered.of("Kafka").getFirst();
        String cluster = name(kafka);
        Map<String, Object> listener = list(map(map(kafka, "spec"), "kafka"), "listeners").getFirst();
        List<String> clients = kafkaServices();
        assertThat(clients).as("the services with a Kafka client").contains("cdc-relay", "audit-service").doesNotContain("gateway");
        assertThat(rendered.of("KafkaUser")).extracting(DeploymentDescriptorsTest::name)
                .containsExactlyInAnyOrderElementsOf(clients);

        // the groups whose lag the relay reads are those of the importers' listeners
        String legacy = legacyTopicPrefix() + ".";
        Set<String> importGroups = new TreeSet<>();
        for (String service : clients) {
            consumerGroups(service).forEach((group, topics) -> {
                if (topics.stream().allMatch(topic -> topic.startsWith(legacy))) {
                    importGroups.add(group);
                }
            });
        }
        assertThat(relayImportGroups()).as("relay.reconciliation.owners.*.import-group").isEqualTo(importGroups);

        for (String service : clients) {
            Map<String, Object> user = rendered.named("KafkaUser", service);
            assertThat(map(map(user, "metadata"), "labels")).as(service).containsEntry(STRIMZI_CLUSTER, cluster);
            assertThat(map(map(user, "spec"), "authentication")).as(service).containsEntry("type", "scram-sha-512");
            Map<String, Set<String>> granted = acls(user);
            Map<String, Set<String>> expected = expectedAcls(service);
            assertThat(named(granted, "topic", "Write")).as(service + " writes only the topics it publishes")
                    .isEqualTo(named(expected, "topic", "Write"));
            assertThat(named(granted, "topic", "Read")).as(service + " reads only the topics it consumes")
                    .isEqualTo(named(expected, "topic", "Read"));
            assertThat(named(granted, "group", "Read")).as(service + " consumes in its own groups only")
                    .isEqualTo(named(expected, "group", "Read"));
            assertThat(granted).as(service + ": every ACL").isEqualTo(expected);

            // it logs in as that user, with the password of the Secret Strimzi keeps for it, trusting the cluster's CA
            Map<String, Object> config = map(rendered.named("ConfigMap", service), "data");
            assertThat(config).as(service).containsEntry("KAFKA_USERNAME", name(user))
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", cluster + "-kafka-bootstrap:" + listener.get("port"))
                    .doesNotContainKey("KAFKA_PASSWORD");
            Map<String, Object> pod = map(map(map(rendered.named("Deployment", service), "spec"), "template"), "spec");
            Map<String, Object> container = list(pod, "containers").getFirst();
            Map<String, Object> password = list(container, "env").stream()
                    .filter(e -> "KAFKA_PASSWORD".equals(e.get("name"))).findFirst().orElse(null);
            assertThat(password).as(service + ": KAFKA_PASSWORD").isNotNull().doesNotContainKey("value");
            assertThat(map(map(password, "valueFrom"), "secretKeyRef")).as(service + ": KAFKA_PASSWORD")
                    .containsEntry("name", name(user)).containsEntry("key", "password").containsEntry("optional", false);
            String truststore = config.get("KAFKA_TRUSTSTORE_LOCATION").toString();
            assertThat(list(container, "volumeMounts")).as(service + ": the cluster CA at " + truststore).anyMatch(mount ->
                    truststore.startsWith(mount.get("mountPath") + "/") && list(pod, "volumes").stream().anyMatch(volume ->
                            volume.get("name").equals(mount.get("name")) && volume.get("secret") != null
                                    && (cluster + "-cluster-ca-cert").equals(map(volume, "secret").get("secretName"))
                                    && list(map(volume, "secret"), "items").stream().anyMatch(item -> "ca.crt".equals(item.get("key"))
                                            && truststore.equals(mount.get("mountPath") + "/" + item.get("path")))));
            // what the service's clients get from that environment (platform-kit's one rule)
            Map<String, Object> variables = new HashMap<>(config);
            variables.put("KAFKA_PASSWORD", "the-secret's-password");
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
            assertThat(KafkaClientSecurity.of(environment).clientProperties()).as(service)
                    .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.location", truststore).containsEntry("ssl.truststore.type", "PEM")
                    .hasEntrySatisfying("sasl.jaas.config", jaas -> assertThat(jaas).contains("ScramLoginModule required")
                            .contains("username=\"" + name(user) + "\""));
        }
    }

    /** A failback waits for every service's reverse-stream group, on the topics its listener reads, and only those. */
    @Test
    void theFailbackWaitsForEveryReverseStreamGroupOnTheTopicsItsListenerReads() throws IOException {
        Map<String, Set<String>> listened = new TreeMap<>();
        for (String service : kafkaServices()) {
            consumerGroups(service).forEach((group, topics) -> {
                if (group.endsWith("-failback")) {
                    listened.put(group, topics);
                }
            });
        }
        Map<String, Set<String>> waited = new TreeMap<>();
        map(map(map(map(applicationYml("cdc-relay"), "relay"), "cutover"), "failback"), "groups")
                .forEach((group, topics) -> waited.put(group, new TreeSet<>(((List<?>) topics).stream()
                        .map(Object::toString).toList())));
        assertThat(listened).hasSize(4);
        assertThat(waited).isEqualTo(listened);
    }

    @Test
    void composeLogsEveryKafkaClientInWithScramAndItsBrokerAuthorizesEachAsKubernetesDoes() throws IOException {
        Map<String, Object> services = map(new Yaml().load(Files.readString(HOME.resolve("docker-compose.yml"))), "services");
        Map<String, Object> broker = map(map(services, "kafka"), "environment");
        assertThat(broker.get("KAFKA_AUTHORIZER_CLASS_NAME")).as("the broker authorizes (KRaft)")
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(broker.get("KAFKA_SASL_ENABLED_MECHANISMS").toString()).contains("SCRAM-SHA-512");
        Map<String, String> protocols = pairs(broker.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"), ":");
        Map<String, String> advertised = pairs(broker.get("KAFKA_ADVERTISED_LISTENERS"), "://");
        pairs(broker.get("KAFKA_LISTENERS"), "://").forEach((listener, address) -> {
            if (!protocols.get(listener).startsWith("SASL_")) {
                assertThat(address).as(listener + " does not authenticate: the broker's loopback only").startsWith("localhost:");
            }
        });
        assertThat(broker.get("KAFKA_SUPER_USERS")).as("the super user: the loopback listeners' principal, nobody else")
                .isEqualTo("User:ANONYMOUS");

        Map<String, Object> init = map(services, "kafka-init");
        assertThat(init).containsEntry("network_mode", "service:kafka")
                .containsEntry("image", map(services, "kafka").get("image"));
        assertThat(map(map(init, "depends_on"), "kafka")).containsEntry("condition", "service_healthy");
        String script = ((List<?>) init.get("command")).getFirst().toString().replace("$$", "$"); // compose's escape
        Map<String, String> passwordVariables = new HashMap<>();
        Matcher user = Pattern.compile("(?m)^\\s*user (\\S+) \"\\$([A-Z_]+)\"\\s*$").matcher(script);
        while (user.find()) {
            passwordVariables.put(user.group(1), user.group(2));
        }
        Map<String, Map<String, Set<String>>> granted = composeAcls(script);
        assertThat(granted.keySet()).as("kafka-init's principals").containsExactlyInAnyOrderElementsOf(kafkaServices());
        for (String service : kafkaServices()) {
            Map<String, Object> composed = map(services, service);
            Map<String, Object> env = map(composed, "environment");
            String listener = advertised.entrySet().stream().filter(a -> a.getValue().equals(env.get("KAFKA_BOOTSTRAP_SERVERS")))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            assertThat(listener).as(service + ": KAFKA_BOOTSTRAP_SERVERS is the broker's").isNotNull();
            assertThat(protocols.get(listener)).as(service + " connects to " + listener).startsWith("SASL_");
            assertThat(env).as(service).containsEntry("KAFKA_SECURITY_PROTOCOL", protocols.get(listener))
                    .containsEntry("KAFKA_USERNAME", service);
            assertThat(passwordVariables).as(service + ": its SCRAM credential").containsKey(service);
            assertThat(env.get("KAFKA_PASSWORD")).as(service + ": the password kafka-init gave it").isNotNull()
                    .isEqualTo(map(init, "environment").get(passwordVariables.get(service)));
            assertThat(map(map(composed, "depends_on"), "kafka-init")).as(service + " starts once its user exists")
                    .containsEntry("condition", "service_completed_successfully");
            // the ACLs of Kubernetes; here a producer also creates its topics (compose has no KafkaTopics)
            assertThat(withoutCreate(granted.get(service))).as(service + ": its ACLs")
                    .isEqualTo(withoutCreate(expectedAcls(service)));
        }
    }

    static final String STRIMZI_CLUSTER = "strimzi.io/cluster";
    static final Pattern KAFKA_LISTENER = Pattern.compile("@KafkaListener\\(");

    static boolean usesKafka(String service) throws IOException {
        return map(applicationYml(service), "spring").get("kafka") != null;
    }

    /** The services with Kafka clients: those whose application.yml configures {@code spring.kafka}. */
    static List<String> kafkaServices() throws IOException {
        List<String> clients = new ArrayList<>();
        for (String service : SERVICES) {
            if (usesKafka(service)) {
                clients.add(service);
            }
        }
        return clients;
    }

    /**
     * The ACLs a service needs, from what its code does ({@code type name} → operations): a consumer reads each topic
     * its listeners name in their group and writes the topic's dead letters ({@link Topics#deadLetter}, made on first
     * use); cdc-relay writes every domain topic (the outbox relay), the legacy capture's topics (declared by it) and its
     * heartbeats, and reads the importers' offsets.
     */
    static Map<String, Set<String>> expectedAcls(String service) throws IOException {
        Map<String, Set<String>> acls = new TreeMap<>();
        consumerGroups(service).forEach((group, topics) -> {
            grant(acls, "group", group, "Read");
            for (String topic : topics) {
                grant(acls, "topic", topic, "Read", "Describe");
                grant(acls, "topic", Topics.deadLetter(topic), "Write", "Describe", "Create");
            }
        });
        if (service.equals("cdc-relay")) {
            domainTopics().forEach(topic -> grant(acls, "topic", topic, "Write", "Describe"));
            legacyTopics().forEach(topic -> grant(acls, "topic", topic, "Write", "Describe", "Create", "DescribeConfigs",
                    "AlterConfigs"));
            grant(acls, "topic", "__debezium-heartbeat." + legacyTopicPrefix(), "Write", "Describe", "Create");
            relayImportGroups().forEach(group -> grant(acls, "group", group, "Describe"));
            relayFailbackGroups().forEach(group -> grant(acls, "group", group, "Describe"));
            // each engine's transactions and the topic of its offsets (EngineOffsets: named after its slot)
            Map<String, Object> relay = map(applicationYml(service), "relay");
            for (String engine : List.of("outbox", "legacy")) {
                String slot = defaultOf(map(relay, engine).get("slot").toString());
                grant(acls, "topic", "relay.offsets." + slot, "Read", "Write", "Describe", "Create");
                grant(acls, "transactionalId", "cdc-relay." + slot, "Write", "Describe");
            }
        }
        return acls;
    }

    /** Each consumer group of the service with the topics its {@code @KafkaListener}s read in it, from its sources. */
    static Map<String, Set<String>> consumerGroups(String service) throws IOException {
        Map<String, Object> yml = applicationYml(service);
        Map<String, Set<String>> groups = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(HOME.resolve(service).resolve("src/main/java"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String code = Files.readString(source);
            Matcher listener = KAFKA_LISTENER.matcher(code);
            while (listener.find()) {
                String attributes = code.substring(listener.end(), closing(code, listener.end()));
                String group = attribute(attributes, "groupId");
                if (group == null) {
                    group = attribute(attributes, "id"); // a listener's id is its group id (idIsGroup)
                }
                if (group == null) {
                    Map<String, Object> consumer = map(map(map(yml, "spring"), "kafka"), "consumer");
                    assertThat(consumer).as(source + ": the listener's group is spring.kafka.consumer.group-id").isNotNull();
                    group = consumer.get("group-id").toString();
                }
                groups.computeIfAbsent(group, g -> new TreeSet<>()).addAll(listenedTopics(attributes, yml));
            }
        }
        return groups;
    }

    /**
     * The topics of a listener: its {@code topics} (literals, with the service's placeholders resolved, or
     * {@link Topics} constants), or the known topics its {@code topicPattern} matches.
     */
    static Set<String> listenedTopics(String attributes, Map<String, Object> yml) throws IOException {
        Set<String> topics = new TreeSet<>();
        Matcher named = Pattern.compile("\\btopics\\s*=\\s*(\\{(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^\"}])*}|[^,]+)").matcher(attributes);
        if (named.find()) {
            Matcher item = Pattern.compile("\"([^\"]*)\"|Topics\\.([A-Z_]+)").matcher(named.group(1));
            while (item.find()) {
                topics.add(item.group(1) != null ? resolved(item.group(1), yml) : topicConstant(item.group(2)));
            }
        }
        String pattern = attribute(attributes, "topicPattern");
        if (pattern != null) {
            Pattern matching = Pattern.compile(pattern.replace("\\\\", "\\"));
            Set<String> known = new TreeSet<>(domainTopics());
            known.addAll(legacyTopics());
            known.stream().filter(topic -> matching.matcher(topic).matches()).forEach(topics::add);
        }
        assertThat(topics).as("the topics of @KafkaListener(" + attributes + ")").isNotEmpty();
        return topics;
    }

    /** A string attribute of an annotation ({@code name = "value"}), as written; null when absent. */
    static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(attributes);
        return m.find() ? m.group(1) : null;
    }

    /** The index of the parenthesis that closes the one just before {@code from}, string literals skipped. */
    static int closing(String code, int from) {
        int depth = 1;
        boolean literal = false;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (literal) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    literal = false;
                }
            } else if (c == '"') {
                literal = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new AssertionError("an unclosed annotation at " + from);
    }

    /** {@code ${property}} in a listener's text replaced by that property's default in the service's application.yml. */
    static String resolved(String text, Map<String, Object> yml) {
        Matcher m = Pattern.compile("\\$\\{([a-z0-9.-]+)}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(defaultOf(value(yml, m.group(1)))));
        }
        return m.appendTail(out).toString();
    }

    /** The default of a {@code ${VARIABLE:default}} value, or the value itself. */
    static String defaultOf(String raw) {
        Matcher m = Pattern.compile("\\$\\{[A-Z0-9_]+:(.*)}", Pattern.DOTALL).matcher(raw);
        return m.matches() ? m.group(1) : raw;
    }

    static String topicConstant(String name) {
        try {
            return (String) Topics.class.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Topics." + name, e);
        }
    }

    /** Every domain-event topic: the channels of the event catalogue (each an outbox aggregate cdc-relay routes). */
    static Set<String> domainTopics() throws IOException {
        Set<String> topics = new TreeSet<>();
        try (InputStream catalogue = DeploymentDescriptorsTest.class.getResourceAsStream("/asyncapi/asyncapi.json")) {
            EventJson.MAPPER.readTree(catalogue).get("channels")
                    .forEach(channel -> topics.add(channel.get("address").asString()));
        }
        assertThat(topics).as("the event catalogue's topics").isNotEmpty()
                .allMatch(topic -> Topics.ALL_EVENTS.matcher(topic).matches());
        return topics;
    }

    static Map<String, Object> relayLegacy() throws IOException {
        return map(map(applicationYml("cdc-relay"), "relay"), "legacy");
    }

    static String legacyTopicPrefix() throws IOException {
        return defaultOf(relayLegacy().get("topic-prefix").toString());
    }

    /** The legacy capture's topics: {@code <prefix>.<table>} for each table cdc-relay captures by default. */
    static Set<String> legacyTopics() throws IOException {
        Set<String> topics = new TreeSet<>();
        for (String table : defaultOf(relayLegacy().get("tables").toString()).split(",")) {
            topics.add(legacyTopicPrefix() + "." + table.trim());
        }
        return topics;
    }

    /** The importers' consumer groups whose lag cdc-relay reads (the drain, the ghost-row sweep). */
    static Set<String> relayImportGroups() throws IOException {
        Set<String> groups = new TreeSet<>();
        Map<String, Object> owners = map(map(map(applicationYml("cdc-relay"), "relay"), "reconciliation"), "owners");
        owners.values().forEach(owner -> groups.add(cast(owner).get("import-group").toString()));
        return groups;
    }

    /** The reverse-stream groups a failback waits for ({@code relay.cutover.failback.groups}). */
    static Set<String> relayFailbackGroups() throws IOException {
        return new TreeSet<>(map(map(map(map(applicationYml("cdc-relay"), "relay"), "cutover"), "failback"), "groups")
                .keySet());
    }

    static void grant(Map<String, Set<String>> acls, String type, String name, String... operations) {
        acls.computeIfAbsent(type + " " + name, resource -> new TreeSet<>()).addAll(List.of(operations));
    }

    /** The names of the resources of a type on which an operation is allowed. */
    static Set<String> named(Map<String, Set<String>> acls, String type, String operation) {
        Set<String> names = new TreeSet<>();
        acls.forEach((resource, operations) -> {
            if (resource.startsWith(type + " ") && operations.contains(operation)) {
                names.add(resource.substring(type.length() + 1));
            }
        });
        return names;
    }

    static Map<String, Set<String>> withoutCreate(Map<String, Set<String>> acls) {
        Map<String, Set<String>> without = new TreeMap<>();
        acls.forEach((resource, operations) -> {
            Set<String> rest = new TreeSet<>(operations);
            rest.remove("Create");
            if (!rest.isEmpty()) {
                without.put(resource, rest);
            }
        });
        return without;
    }

    /** A KafkaUser's ACLs ({@code type name} → operations), each allowing one named resource (no prefix, no wildcard). */
    static Map<String, Set<String>> acls(Map<String, Object> kafkaUser) {
        Map<String, Object> authorization = map(map(kafkaUser, "spec"), "authorization");
        assertThat(authorization).as(name(kafkaUser)).containsEntry("type", "simple");
        Map<String, Set<String>> acls = new TreeMap<>();
        for (Map<String, Object> acl : list(authorization, "acls")) {
            Map<String, Object> resource = map(acl, "resource");
            assertThat(acl.getOrDefault("type", "allow")).as(name(kafkaUser) + " " + resource).isEqualTo("allow");
            assertThat(resource.getOrDefault("patternType", "literal")).as(name(kafkaUser) + " " + resource).isEqualTo("literal");
            assertThat(resource.get("name")).as(name(kafkaUser) + " " + resource).isNotNull().isNotEqualTo("*");
            for (Object operation : (List<?>) acl.get("operations")) {
                grant(acls, resource.get("type").toString(), resource.get("name").toString(), operation.toString());
            }
        }
        return acls;
    }

    /**
     * The ACLs kafka-init adds per principal: each {@code acl <principal> <kafka-acls arguments>} line (continued lines
     * joined, the script's variables expanded) read as kafka-acls reads it: {@code --consumer} Read and Describe on the
     * topics and Read on the groups, {@code --producer} Write, Describe and Create on the topics, otherwise each
     * {@code --operation} on every resource named.
     */
    static Map<String, Map<String, Set<String>>> composeAcls(String script) {
        String joined = script.replace("\\\n", " ");
        Map<String, String> variables = new HashMap<>();
        Matcher assignment = Pattern.compile("(?m)^\\s*([a-z]+)=\"([^\"]*)\"\\s*$").matcher(joined);
        while (assignment.find()) {
            variables.put(assignment.group(1), assignment.group(2));
        }
        Map<String, Map<String, Set<String>>> byPrincipal = new TreeMap<>();
        for (String line : joined.split("\n")) {
            String command = line.trim();
            if (!command.startsWith("acl ")) {
                continue;
            }
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                command = command.replace("$" + variable.getKey(), variable.getValue());
            }
            List<String> words = List.of(command.split("\\s+"));
            Map<String, Set<String>> acls = byPrincipal.computeIfAbsent(words.get(1), principal -> new TreeMap<>());
            List<String> topics = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            List<String> transactionalIds = new ArrayList<>();
            List<String> operations = new ArrayList<>();
            boolean consumer = false;
            boolean producer = false;
            for (int i = 2; i < words.size(); i++) {
                switch (words.get(i)) {
                    case "--consumer" -> consumer = true;
                    case "--producer" -> producer = true;
                    case "--topic" -> topics.add(words.get(++i));
                    case "--group" -> groups.add(words.get(++i));
                    case "--transactional-id" -> transactionalIds.add(words.get(++i));
                    case "--operation" -> operations.add(words.get(++i));
                    default -> throw new AssertionError("kafka-init: " + words.get(i) + " in " + line);
                }
            }
            if (consumer) {
                topics.forEach(topic -> grant(acls, "topic", topic, "Read", "Describe"));
                groups.forEach(group -> grant(acls, "group", group, "Read"));
            }
            if (producer) {
                topics.forEach(topic -> grant(acls, "topic", topic, "Write", "Describe", "Create"));
                transactionalIds.forEach(id -> grant(acls, "transactionalId", id, "Write", "Describe"));
            }
            if (!consumer && !producer) {
                topics.forEach(topic -> grant(acls, "topic", topic, operations.toArray(String[]::new)));
                groups.forEach(group -> grant(acls, "group", group, operations.toArray(String[]::new)));
                transactionalIds.forEach(id -> grant(acls, "transactionalId", id, operations.toArray(String[]::new)));
            }
        }
        return byPrincipal;
    }

    /** A broker setting's {@code a<separator>b} pairs, comma-separated, by a. */
    static Map<String, String> pairs(Object setting, String separator) {
        Map<String, String> pairs = new HashMap<>();
        for (String pair : setting.toString().split(",")) {
            int at = pair.indexOf(separator);
            pairs.put(pair.substring(0, at).trim(), pair.substring(at + separator.length()).trim());
        }
        return pairs;
    }

    /** Whether a pod selector selects Strimzi's broker pods of the cluster. */
    static boolean selectsBrokers(Map<String, Object> podSelector, String cluster) {
        Map<String, Object> labels = podSelector == null ? null : map(podSelector, "matchLabels");
        return labels != null && cluster.equals(labels.get(STRIMZI_CLUSTER))
                && "true".equals(String.valueOf(labels.get("strimzi.io/broker-role")));
    }

    /** Whether an egress rule lets pods reach the cluster's pods on one of these ports. */
    static boolean reachesBrokers(Map<String, Object> rule, String cluster, Set<Object> ports) {
        return rule.get("to") != null && rule.get("ports") != null
                && list(rule, "to").stream().anyMatch(to -> to.get("podSelector") != null
                        && map(map(to, "podSelector"), "matchLabels") != null
                        && cluster.equals(map(map(to, "podSelector"), "matchLabels").get(STRIMZI_CLUSTER)))
                && list(rule, "ports").stream().anyMatch(port -> ports.contains(port.get("port")));
    }

    /** The apps a NetworkPolicy peer admits: a pod selector of this namespace by {@code app}, nothing wider. */
    static Set<String> podsOnly(Map<String, Object> peer) {
        assertThat(peer).as("a peer by pods of this namespace alone").containsOnlyKeys("podSelector");
        Map<String, Object> selector = map(peer, "podSelector");
        Set<String> apps = new TreeSet<>();
        Map<String, Object> labels = map(selector, "matchLabels");
        if (labels != null) {
            assertThat(labels).as("a peer by app").containsOnlyKeys("app");
            apps.add(labels.get("app").toString());
        }
        if (selector.get("matchExpressions") != null) {
            for (Map<String, Object> expression : list(selector, "matchExpressions")) {
                assertThat(expression).as("a peer by app").containsEntry("key", "app").containsEntry("operator", "In");
                ((List<?>) expression.get("values")).forEach(app -> apps.add(app.toString()));
            }
        }
        return apps;
    }

    // ---- a minimal Kustomize: follow resources, apply nothing but check that every patch hits something ----

    record Rendered(List<Map<String, Object>> documents) {
        List<Map<String, Object>> of(String kind) {
            return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        }

        Map<String, Object> named(String kind, String name) {
            return of(kind).stream().filter(d -> name.equals(name(d))).findFirst().orElse(null);
        }
    }

    static Rendered render(Path kustomizationDir) throws IOException {
        Map<String, Object> kustomization = new Yaml().load(Files.readString(kustomizationDir.resolve("kustomization.yaml")));
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object resource : (List<?>) kustomization.get("resources")) {
            Path path = kustomizationDir.resolve(resource.toString()).normalize();
            assertThat(path).as("resource of " + kustomizationDir).exists();
            if (Files.isDirectory(path)) {
                documents.addAll(render(path).documents());
            } else {
                for (Object doc : new Yaml().loadAll(Files.readString(path))) {
                    if (doc != null) {
                        documents.add(cast(doc));
                    }
                }
            }
        }
        if (kustomization.get("patches") instanceof List<?> patches) {
            for (Object patch : patches) {
                Map<String, Object> target = map(cast(patch), "target");
                List<Map<String, Object>> targets = documents.stream().filter(d -> target.get("kind").equals(d.get("kind"))
                        && (target.get("name") == null || target.get("name").equals(name(d)))).toList();
                assertThat(targets).as("patch target " + target + " in " + kustomizationDir).isNotEmpty();
                for (Object op : (List<?>) new Yaml().load(cast(patch).get("patch").toString())) {
                    targets.forEach(d -> apply(cast(op), d));
                }
            }
        }
        if (kustomization.get("images") instanceof List<?> images) {
            for (Object image : images) {
                String name = cast(image).get("name").toString();
                assertThat(documents.toString()).as("image " + name).contains("image=" + name + ":");
            }
        }
        return new Rendered(documents);
    }

    /** A JSON patch operation (RFC 6902) of the two kinds the overlays use: {@code add}, and {@code replace} of what is there. */
    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> op, Map<String, Object> document) {
        String[] path = op.get("path").toString().substring(1).split("/");
        Object at = document;
        for (int i = 0; i < path.length - 1; i++) {
            at = at instanceof List<?> items ? items.get(Integer.parseInt(path[i])) : ((Map<String, Object>) at).get(path[i]);
            assertThat(at).as(op + " in " + name(document)).isNotNull();
        }
        String last = path[path.length - 1];
        assertThat(op.get("op")).as(op.toString()).isIn("add", "replace");
        if (at instanceof List<?> items) {
            ((List<Object>) items).set(Integer.parseInt(last), op.get("value"));
        } else {
            Map<String, Object> parent = (Map<String, Object>) at;
            if (op.get("op").equals("replace")) {
                assertThat(parent).as("replace needs what it replaces: " + op + " in " + name(document)).containsKey(last);
            }
            parent.put(last, op.get("value"));
        }
    }

    record Placeholders(Set<String> all, Set<String> required) {
    }

    /**
     * The variables the service reads, and those of them without a default: its application.yml's placeholders, and
     * platform-kit's Kafka client security ({@link KafkaClientSecurity}, all optional) when it uses Kafka.
     */
    static Placeholders placeholders(String service) throws IOException {
        Matcher m = PLACEHOLDER.matcher(Files.readString(HOME.resolve(service).resolve("src/main/resources/application.yml")));
        Set<String> all = new HashSet<>();
        Set<String> required = new HashSet<>();
        while (m.find()) {
            all.add(m.group(1));
            if (m.group(2).isEmpty()) {
                required.add(m.group(1));
            }
        }
        if (usesKafka(service)) {
            all.addAll(kafkaClientVariables());
        }
        return new Placeholders(all, required);
    }

    /** The variables {@link KafkaClientSecurity} is bound from: its prefix and components, as relaxed binding reads them. */
    static Set<String> kafkaClientVariables() {
        Set<String> variables = new TreeSet<>();
        for (RecordComponent component : KafkaClientSecurity.class.getRecordComponents()) {
            variables.add((KafkaClientSecurity.PREFIX + "_" + component.getName().replaceAll("([A-Z])", "_$1"))
                    .toUpperCase(Locale.ROOT));
        }
        assertThat(variables).contains("KAFKA_SECURITY_PROTOCOL", "KAFKA_USERNAME", "KAFKA_PASSWORD", "KAFKA_TRUSTSTORE_LOCATION");
        return variables;
    }

    static Map<String, Object> applicationYml(String service) throws IOException {
        return new Yaml().load(Files.readString(HOME.resolve(service).resolve("src/main/resources/application.yml")));
    }

    /** The properties the service refuses to start with at their development value outside the local profile. */
    @SuppressWarnings("unchecked")
    static List<String> developmentSecrets(Map<String, Object> yml) {
        Map<String, Object> platform = map(yml, "platform");
        Map<String, Object> secrets = platform == null ? null : map(platform, "secrets");
        return secrets == null ? List.of() : (List<String>) secrets.get("development-defaults");
    }

    /** The raw value of a property of an application.yml (nested keys). */
    static String value(Map<String, Object> yml, String property) {
        Map<String, Object> at = yml;
        String[] keys = property.split("\\.");
        for (int i = 0; i < keys.length - 1; i++) {
            at = map(at, keys[i]);
            assertThat(at).as(property).isNotNull();
        }
        assertThat(at).as(property).containsKey(keys[keys.length - 1]);
        return at.get(keys[keys.length - 1]).toString();
    }

    /** The variable of a {@code ${VARIABLE:default}} value. */
    static String variable(String raw) {
        Matcher m = PLACEHOLDER.matcher(raw);
        assertThat(m.lookingAt()).as(raw + " is a ${VARIABLE:default} placeholder").isTrue();
        return m.group(1);
    }

    static int defaultPort(String service) throws IOException {
        Matcher m = Pattern.compile("\\n  port: \\$\\{[A-Z_]+:(\\d+)}")
                .matcher(Files.readString(HOME.resolve(service).resolve("src/main/resources/application.yml")));
        assertThat(m.find()).as(service + " server.port").isTrue();
        return Integer.parseInt(m.group(1));
    }

    static String name(Map<String, Object> document) {
        return map(document, "metadata").get("name").toString();
    }

    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return cast(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

}
