package app.platform.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Debian's redis-server (apt-get install redis-server) on a free port, nothing saved to disk, for the tests of what
 * replicas share through Redis: no container, no download. {@link #stop()} plays an outage.
 */
public final class RedisServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/redis-server");
    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts a server and waits, polling its port (nothing else tells), until it listens: 10 seconds at most. */
    public static RedisServer start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer redis = new RedisServer(new ProcessBuilder(BINARY.toString(), "--port", String.valueOf(port),
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start(), port);
        for (int polls = 0; !redis.listening(); polls++) {
            if (polls == 100 || !redis.process.isAlive()) {
                redis.stop();
                throw new IllegalStateException("redis-server does not listen on " + port);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return redis;
    }

    public String url() {
        return "redis://localhost:" + port;
    }

    /** Ends the server and waits until it has; again does nothing. */
    public void stop() {
        process.destroy();
        process.onExit().join();
    }

    @Override
    public void close() {
        stop();
    }

    private boolean listening() {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
