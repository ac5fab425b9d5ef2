package app.platform.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real HTTP server standing in for the services behind the gateway: it records the headers of every request it
 * gets and answers {@code {"path": ...}} with the status {@code status} chooses. As cdc-relay, it answers the
 * gateway's polls of the platform's mode ({@code GET /api/cutover/mode}) with "writable", and does not record them:
 * they are no request of the test's.
 */
final class LocalUpstream implements AutoCloseable {

    final List<Map<String, List<String>>> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    LocalUpstream(ToIntFunction<HttpExchange> status) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/cutover/mode", exchange -> {
            byte[] body = "{\"readOnly\":false,\"since\":null,\"reason\":null}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            received.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"path\":\"" + exchange.getRequestURI().getPath() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.applyAsInt(exchange), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Points these services' routes at this server. */
    void route(DynamicPropertyRegistry registry, String... services) {
        for (String service : services) {
            registry.add(service + "_URL", this::url);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
