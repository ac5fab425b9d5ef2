package app.platform.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Random;

/** Where everything listens. {@link #defaults()} are the documented local ports; {@link #free()} is for tests. */
record Ports(int postgres, int kafka, int kafkaController, int smtp, int gateway, int identity, int profile,
             int membership, int billing, int audit, int relay) {

    static Ports defaults() {
        return new Ports(15432, 19092, 19093, 2525, 8080, 9000, 8082, 8083, 8084, 8085, 8086);
    }

    /**
     * Eleven distinct ports free now, below Linux's ephemeral range (32768 and up): a port the kernel handed out as
     * ephemeral could be taken by any outgoing connection (a Kafka client's, a database pool's) before the service
     * that was meant to listen on it starts.
     */
    static Ports free() {
        int[] ports = new Random().ints(20_000, 32_000).distinct().filter(Ports::bindable).limit(11).toArray();
        return new Ports(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6], ports[7], ports[8],
                ports[9], ports[10]);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
