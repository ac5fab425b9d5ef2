package app.platform.bench;

import app.platform.testkit.OAuthTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The same authenticated GET ({@code /api/profile/me}) straight to profile-service and through the gateway (token
 * check, rate limits, circuit breaker, correlation id, forwarding): requests/s and p50/p99 of each, from one run.
 * Starts the whole platform with the launcher on its default ports (8080 gateway, 8082 profile), which must be free.
 * Options: --clients N (16), --seconds N (20).
 */
public final class GatewayBench {

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(Bench.option(args, "--clients", "16"));
        Duration duration = Duration.ofSeconds(Long.parseLong(Bench.option(args, "--seconds", "20")));
        Path data = Files.createTempDirectory("gateway-bench");
        ProcessBuilder launcher = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-jar",
                "deploy/local/target/local-launcher-exec.jar", "--data-dir", data.toString())
                .redirectErrorStream(true).redirectOutput(data.resolve("launcher.log").toFile());
        // the bench is one client from one address: the gateway's and identity's per-address limits would be the figure
        launcher.environment().putAll(Map.of("GATEWAY_RATE_ADDRESS_BURST", "100000000", "GATEWAY_RATE_ADDRESS_PER_SECOND",
                "100000000", "GATEWAY_RATE_USER_BURST", "100000000", "GATEWAY_RATE_USER_PER_SECOND", "100000000"));
        Process platform = launcher.start();
        Runtime.getRuntime().addShutdownHook(new Thread(platform::destroy));
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String gateway = "http://localhost:8080";
            awaitOk(http, gateway + "/actuator/health/readiness", Duration.ofMinutes(3));
            awaitOk(http, "http://localhost:8082/actuator/health/readiness", Duration.ofMinutes(1));
            http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/identity/users")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"bench@example.com\",\"password\":\"a long enough password\"}"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            String token = new OAuthTestClient(gateway, "web", "http://127.0.0.1:8080/callback")
                    .signIn("bench@example.com", "a long enough password").get("access_token").asString();
            HttpRequest viaGateway = get(gateway, token);
            HttpRequest direct = get("http://localhost:8082", token);
            awaitOk(http, viaGateway, Duration.ofMinutes(1)); // the app user exists once the events went round

            Load.run(clients, Duration.ofSeconds(5), i -> ok(http, direct)); // warm both paths up
            Load.run(clients, Duration.ofSeconds(5), i -> ok(http, viaGateway));
            Load.Rate straight = Load.run(clients, duration, i -> ok(http, direct));
            Load.Rate gated = Load.run(clients, duration, i -> ok(http, viaGateway));

            System.out.printf("%nGET /api/profile/me, %d clients, %d s each, on %d cores (platform and load share them)%n",
                    clients, duration.toSeconds(), Runtime.getRuntime().availableProcessors());
            System.out.printf("direct to profile-service: %8.1f req/s   p50 %4d ms  p99 %4d ms  errors %d%n",
                    straight.perSecond(), straight.percentile(50), straight.percentile(99), straight.errors());
            System.out.printf("through the gateway:       %8.1f req/s   p50 %4d ms  p99 %4d ms  errors %d%n",
                    gated.perSecond(), gated.percentile(50), gated.percentile(99), gated.errors());
            System.out.printf("gateway / direct throughput: %.2f   added p99: %d ms%n",
                    gated.perSecond() / straight.perSecond(), gated.percentile(99) - straight.percentile(99));
        } finally {
            platform.destroy();
            platform.waitFor();
        }
    }

    private static HttpRequest get(String base, String token) {
        return HttpRequest.newBuilder(URI.create(base + "/api/profile/me")).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static void ok(HttpClient http, HttpRequest request) throws Exception {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
    }

    private static void awaitOk(HttpClient http, String url, Duration timeout) throws Exception {
        awaitOk(http, HttpRequest.newBuilder(URI.create(url)).build(), timeout);
    }

    private static void awaitOk(HttpClient http, HttpRequest request, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ok(http, request);
                return;
            } catch (Exception notYet) {
                Thread.sleep(500); // polling processes that are starting: nothing to wait on but their answers
            }
        }
        throw new IllegalStateException(request.uri() + " did not answer 200 in " + timeout);
    }
}
