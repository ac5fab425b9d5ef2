package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment descriptors against the modules they deploy: the Kustomize overlays rendered down to their
 * documents (resources followed, patch targets checked), docker-compose.yml, the Jib image names, and every
 * environment variable against the placeholders of the service's application.yml.
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
                assertThat(rendered.named("PodDisruptionBudget", name)).as(name + " PDB").isNotNull();
                boolean singleton = "true".equals(map(map(deployment, "metadata"), "labels").get("platform/singleton"));
                if (singleton) {
                    assertThat(map(map(deployment, "spec"), "strategy")).containsEntry("type", "Recreate");
                    assertThat(map(deployment, "spec")).containsEntry("replicas", 1);
                } else {
                    Map<String, Object> hpa = rendered.named("HorizontalPodAutoscaler", name);
                    assertThat(hpa).as(name + " HPA").isNotNull();
                    assertThat(map(map(hpa, "spec"), "scaleTargetRef")).containsEntry("name", name);
                }
                int port = (int) list(container, "ports").getFirst().get("containerPort");
                assertThat(port).as(name + " port").isEqualTo(defaultPort(name));
                assertThat(rendered.named("Service", name)).as(name + " Service").isNotNull();
            }
            assertThat(rendered.of("NetworkPolicy")).extracting(DeploymentDescriptorsTest::name)
                    .contains("default-deny", "gateway-from-anywhere");
            assertThat(rendered.of("Kafka")).hasSize(1);
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
            map(composed, "depends_on").values().forEach(condition ->
                    assertThat(((Map<?, ?>) condition).get("condition")).isEqualTo("service_healthy"));
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
                String kind = map(cast(patch), "target").get("kind").toString();
                assertThat(documents).as("patch target " + kind + " in " + kustomizationDir)
                        .anyMatch(d -> kind.equals(d.get("kind")));
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

    record Placeholders(Set<String> all, Set<String> required) {
    }

    /** The variables the service's application.yml reads, and those of them without a default. */
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
        return new Placeholders(all, required);
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
