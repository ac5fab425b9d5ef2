package app.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Where everything listens. {@link #defaults()} are the documented local ports; {@link #free()} is for tests. */
record Ports(int postgres, int kafka, int kafkaController, int smtp, int gateway, int identity, int profile,
             int membership, int billing, int audit, int relay) {

    static Ports defaults() {
        return new Ports(15432, 19092, 19093, 2525, 8080, 9000, 8082, 8083, 8084, 8085, 8086);
    }

    static Ports free() {
        return new Ports(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(),
                freePort(), freePort(), freePort(), freePort());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
