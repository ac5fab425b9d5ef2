package app.platform.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.platform.gateway.GatewayApplication;
import app.platform.testkit.TestTokenIssuer;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateway replicas on one real Redis (Debian's redis-server, started here) share each client's limit: what
 * one replica let through counts at the other. Without Redis the limit fails open rather than closing the door.
 */
class SharedRateLimitIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Path REDIS = Path.of("/usr/bin/redis-server");

    @Test
    void replicasShareTheLimitThroughRedisAndFailOpenWithoutIt() throws Exception {
        assumeTrue(Files.isExecutable(REDIS), "redis-server is installed by .ci/run (apt-get install redis-server)");
        int redisPort = freePort();
        Process redis = new ProcessBuilder(REDIS.toString(), "--port", String.valueOf(redisPort), "--save", "",
                "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (TestTokenIssuer issuer = new TestTokenIssuer()) {
            awaitPort(redisPort);
            List<String> args = new ArrayList<>(List.of("--server.port=0", "--gateway.rate-limit.redis-url=redis://localhost:" + redisPort,
                    "--gateway.rate-limit.address.burst=3", "--gateway.rate-limit.address.per-second=0.001"));
            issuer.properties().forEach((k, v) -> args.add("--" + k + "=" + v));
            try (ConfigurableApplicationContext a = start(args); ConfigurableApplicationContext b = start(args)) {
                assertThat(a.getBean(Limiters.class).shared()).isTrue();
                assertThat(health(a).statusCode()).isEqualTo(200);
                assertThat(health(a).statusCode()).isEqualTo(200);
                assertThat(health(b).statusCode()).isEqualTo(200);
                HttpResponse<String> limited = health(b);
                assertThat(limited.statusCode()).isEqualTo(429);
                assertThat(limited.headers().firstValue("Retry-After")).isPresent();
                assertThat(limited.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
                assertThat(health(a).statusCode()).isEqualTo(429);

                redis.destroy();
                redis.waitFor();
                assertThat(health(a).statusCode()).isEqualTo(200);
            }
        } finally {
            redis.destroy();
        }
    }

    static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    }

    static HttpResponse<String> health(ConfigurableApplicationContext gateway) throws Exception {
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Polls a starting redis-server: nothing to wait on but its port. */
    static void awaitPort(int port) {
        await("redis-server listening on " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> listening(port));
    }

    static boolean listening(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (java.io.IOException notYet) {
            return false;
        }
    }
}
