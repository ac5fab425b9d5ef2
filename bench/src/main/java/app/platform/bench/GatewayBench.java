package app.platform.bench;

import app.platform.testkit.OAuthTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The same authenticated GET ({@code /api/profile/me}) straight to profile-service and through the gateway (token
 * check, rate limits, circuit breaker, correlation id, forwarding): requests/s and p50/p99 of each, from one run.
 * Starts the whole platform with the launcher ({@link BenchPlatform}: free ports, no legacy database, the per-address
 * limits lifted); with {@code --one-jvm}, as {@code ./run.sh} starts it by default ({@link RunScript}: every service
 * in one JVM). Options: --clients N (16), --seconds N (20), --quick (5 s per phase), --one-jvm.
 */
public final class GatewayBench {

    public static void main(String[] args) {
        Bench.exitAfter(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        Bench.printMachine();
        int clients = Integer.parseInt(Bench.option(args, "--clients", "16"));
        Duration duration = Duration.ofSeconds(Long.parseLong(Bench.option(args, "--seconds", Bench.quick(args) ? "5" : "20")));
        boolean oneJvm = java.util.Arrays.asList(args).contains("--one-jvm");
        try (AutoCloseable platform = oneJvm ? RunScript.start() : BenchPlatform.start()) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String gateway = oneJvm ? RunScript.GATEWAY : ((BenchPlatform) platform).gateway;
            http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/identity/users")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"bench@example.com\",\"password\":\"a long enough password\"}"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            String token = new OAuthTestClient(gateway, "web", "http://127.0.0.1:8080/callback")
                    .signIn("bench@example.com", "a long enough password").get("access_token").asString();
            HttpRequest viaGateway = get(gateway, token);
            HttpRequest direct = get(oneJvm ? RunScript.PROFILE
                    : ((BenchPlatform) platform).platform.serviceUrl("profile-service"), token);
            awaitOk(http, viaGateway, Duration.ofMinutes(1)); // the app user exists once the events went round

            // each worker keeps one connection to each (KeepAliveGet: the JDK's HttpClient took 17% of the machine)
            KeepAliveGet[] straightTo = connections(clients, direct);
            KeepAliveGet[] gatedTo = connections(clients, viaGateway);
            Load.Rate straight;
            Load.Rate gated;
            try {
                // the JIT's warm-up of both paths, each until the compilers of the JVMs serving it have settled
                // (Load.warmUp; --quick: ten seconds at most)
                Duration warmUp = Duration.ofSeconds(Bench.quick(args) ? 10 : 120);
                Load.warmUp("direct", clients, warmUp, worker -> ok(straightTo[(int) worker]), true,
                        direct.uri().resolve("/actuator/prometheus").toString());
                Load.warmUp("through the gateway", clients, warmUp, worker -> ok(gatedTo[(int) worker]), true,
                        viaGateway.uri().resolve("/actuator/prometheus").toString(),
                        direct.uri().resolve("/actuator/prometheus").toString());
                straight = Load.run(clients, duration, worker -> ok(straightTo[(int) worker]), true);
                gated = Load.run(clients, duration, worker -> ok(gatedTo[(int) worker]), true);
            } finally {
                for (int worker = 0; worker < clients; worker++) {
                    straightTo[worker].close();
                    gatedTo[worker].close();
                }
            }

            System.out.printf("%nGET /api/profile/me, %d clients, %d s each, on %d cores (platform and load share them)%n",
                    clients, duration.toSeconds(), Runtime.getRuntime().availableProcessors());
            print("direct to profile-service:", straight);
            print("through the gateway:      ", gated);
            double ratio = gated.perSecond() / straight.perSecond();
            long added = gated.percentile(99) - straight.percentile(99);
            Bench.figure("gateway GET /api/profile/me req/s", Bench.number(gated.perSecond()) + " (p99 "
                            + gated.percentile(99) + " ms, +" + added + " ms)",
                    "the same GET straight to profile-service: " + Bench.number(straight.perSecond()) + " (p99 "
                            + straight.percentile(99) + " ms)", String.format("%.2f", ratio),
                    ">= 0.8x, added p99 <= 3 ms", ratio >= 0.8 && added <= 3);
            Bench.figure("direct GET /api/profile/me req/s", Bench.number(straight.perSecond()), "-", "-", ">= 3000/s",
                    straight.perSecond() >= 3000);
        }
    }

    private static HttpRequest get(String base, String token) {
        return HttpRequest.newBuilder(URI.create(base + "/api/profile/me")).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static void print(String path, Load.Rate rate) {
        System.out.printf("%s %8.1f req/s   p50 %4d ms  p99 %4d ms  errors %d  load generator %.0f%% of the machine%n",
                path, rate.perSecond(), rate.percentile(50), rate.percentile(99), rate.errors(),
                100 * rate.generatorShare());
    }

    private static KeepAliveGet[] connections(int clients, HttpRequest request) {
        String authorization = request.headers().firstValue("Authorization").orElseThrow();
        KeepAliveGet[] connections = new KeepAliveGet[clients];
        for (int worker = 0; worker < clients; worker++) {
            connections[worker] = new KeepAliveGet(request.uri(), authorization);
        }
        return connections;
    }

    private static void ok(KeepAliveGet connection) throws Exception {
        int status = connection.send();
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
    }

    private static void ok(HttpClient http, HttpRequest request) throws Exception {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
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
