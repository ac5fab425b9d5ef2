package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.OAuthTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's start command as a person types it: {@code ./run.sh} on its default ports (so nothing else may listen
 * on 8080 and the other documented ports), every service in the launcher's one JVM, the demo legacy database
 * imported. Through the gateway a demo user signs in with their Supabase password and reads their profile and their
 * audit log (their sign-in went through the outbox, the relay and Kafka); each service logged to its own file; Ctrl-C
 * (SIGTERM) stops it all.
 */
class RunScriptEndToEndIT {

    static final String GATEWAY = "http://localhost:8080";
    static final List<String> SERVICES = List.of("identity-service", "profile-service", "membership-service",
            "billing-service", "audit-service", "gateway", "cdc-relay");

    @Test
    void runShStartsEveryServiceInOneJvmAndADemoUserSignsInThroughTheGateway() throws Exception {
        Path home = Launcher.projectHome(Path.of("").toAbsolutePath());
        Path data = Files.createTempDirectory("platform-run-sh");
        Process run = new ProcessBuilder("./run.sh", "--data-dir", data.toString()).directory(home.toFile())
                .redirectErrorStream(true).start();
        List<String> said = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    said.add(line);
                }
            } catch (java.io.IOException ended) {
                // the process ended
            }
        });
        boolean stopped;
        try {
            await().atMost(Duration.ofMinutes(5)).until(() -> said.contains("Press Ctrl-C to stop.") || !run.isAlive());
            assertThat(said).as("what ./run.sh printed").contains("The platform is up. Gateway: " + GATEWAY);
            assertThat(run.descendants().filter(p -> p.info().command().orElse("").endsWith("/java")).toList())
                    .as("no JVM of a service's own: they run in the launcher's").isEmpty();

            // a demo user of the legacy project, once imported, with their Supabase password, code + PKCE
            OAuthTestClient web = new OAuthTestClient(GATEWAY, "web", "http://127.0.0.1:8080/callback");
            String token = await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() ->
                    web.signIn("user1@demo.example", "Demo-password-1").get("access_token").asString(), t -> !t.isEmpty());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> me = http.send(get("/api/profile/me", token), HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).contains("\"email\":\"user1@demo.example\"");
            await().atMost(Duration.ofMinutes(1)).until(() -> http.send(get("/api/audit/me/logs", token),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\"eventType\":\"UserSignedIn\""));
        } finally {
            run.toHandle().destroy(); // SIGTERM, as Ctrl-C (Process.destroy() would also close what it prints to us)
            stopped = run.waitFor(2, TimeUnit.MINUTES);
            reader.join(Duration.ofSeconds(10)); // what it printed last
        }
        assertThat(stopped).as("stopped within 2 minutes").isTrue();
        assertThat(said).contains("Stopping the platform...");
        assertThat(String.join("\n", said)).doesNotContain("did not stop cleanly").doesNotContain("was still starting");
        for (String service : SERVICES) {
            // each line names its service and its thread: a line of another service's (its main thread named after
            // it, say) is a record that reached the wrong log
            String log = Files.readString(data.resolve("logs").resolve(service + ".log"));
            assertThat(log).as(service + "'s own log").contains("[" + service + "]");
            SERVICES.stream().filter(other -> !other.equals(service)).forEach(other ->
                    assertThat(log).as(service + "'s log holds no line of " + other).doesNotContain("[" + other + "]"));
            // its graceful stop was logged: its log was not shut before the launcher stopped it
            assertThat(log).as(service + " logged its graceful stop").contains("Graceful shutdown complete");
        }
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(GATEWAY + path)).header("Authorization", "Bearer " + token).build();
    }
}
