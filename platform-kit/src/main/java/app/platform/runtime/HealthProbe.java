package app.platform.runtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container health check for images without a shell or curl (distroless): exits 0 when the URL answers 200.
 * {@code java -cp @/app/jib-classpath-file app.platform.runtime.HealthProbe http://localhost:8080/actuator/health/readiness}
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        try {
            int status = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(3)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
            System.exit(status == 200 ? 0 : 1);
        } catch (Exception e) {
            System.exit(1);
        }
    }
}
