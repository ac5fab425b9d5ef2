package app.platform.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.platform.gateway.GatewayApplication;
import app.platform.testkit.RedisServer;
import app.platform.testkit.TestTokenIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @Test
    void replicasShareTheLimitThroughRedisAndFailOpenWithoutIt() throws Exception {
        assumeTrue(RedisServer.installed(), "redis-server is installed by .ci/run (apt-get install redis-server)");
        try (RedisServer redis = RedisServer.start(); TestTokenIssuer issuer = new TestTokenIssuer()) {
            List<String> args = new ArrayList<>(List.of("--server.port=0", "--gateway.rate-limit.redis-url=" + redis.url(),
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

                redis.stop();
                assertThat(health(a).statusCode()).isEqualTo(200);
            }
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
}
