package app.platform.identity;

import java.io.IOException;
import java.net.ServerSocket;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * For a test class whose identity must listen on a port known before it starts: a browser's passkeys are bound to
 * the page's origin, which the relying party must allow. One free port per class (their contexts stay cached side
 * by side).
 */
final class FixedOrigin {

    private FixedOrigin() {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Identity on {@code port}, with {@code http://localhost:port} as the passkeys' allowed origin. */
    static void register(DynamicPropertyRegistry registry, int port) {
        registry.add("server.port", () -> port);
        registry.add("identity.passkeys.allowed-origins", () -> "http://localhost:" + port);
    }
}
