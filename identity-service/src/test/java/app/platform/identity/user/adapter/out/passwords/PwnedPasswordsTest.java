package app.platform.identity.user.adapter.out.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The Have I Been Pwned adapter against a local HTTP server that answers as the range API does
 * ({@code SUFFIX:COUNT} lines, padding with a count of 0).
 */
class PwnedPasswordsTest {

    static final String BREACHED = "a passphrase seen in a breach";
    static final String PADDING = "a passphrase only padding lists";
    static final String UNSEEN = "a passphrase nobody has seen";
    static final String SHIPPED = "password1234";
    static final Duration TIMEOUT = Duration.ofMillis(300);

    final CommonPasswords shipped = new CommonPasswords(Set.of(SHIPPED));
    final List<String> paths = new CopyOnWriteArrayList<>();
    final List<String> padding = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile Duration delay = Duration.ZERO;
    HttpServer hibp;

    @BeforeEach
    void start() throws IOException {
        hibp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hibp.createContext("/range/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            padding.add(String.valueOf(exchange.getRequestHeaders().getFirst("Add-Padding")));
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String prefix = exchange.getRequestURI().getPath().substring("/range/".length());
            StringBuilder range = new StringBuilder("0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n");
            for (String password : List.of(BREACHED, PADDING, UNSEEN)) {
                String hash = sha1(password);
                if (hash.startsWith(prefix) && !password.equals(UNSEEN)) {
                    range.append(hash.substring(5)).append(password.equals(BREACHED) ? ":3861493" : ":0").append("\r\n");
                }
            }
            range.append("FFFFF5C4D1DEF81644B54AB7F969B88D65A:0");
            byte[] body = range.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hibp.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // a slow answer holds up no other
        hibp.start();
    }

    @AfterEach
    void stop() {
        hibp.stop(0);
    }

    PwnedPasswords pwned() {
        return new PwnedPasswords(shipped, URI.create("http://127.0.0.1:" + hibp.getAddress().getPort() + "/"), TIMEOUT);
    }

    @Test
    void aPasswordInItsRangeIsBreachedAndOnlyFiveHexDigitsOfItsHashLeavePadded() {
        assertThat(pwned().contains(BREACHED)).isTrue();
        assertThat(paths).containsExactly("/range/" + sha1(BREACHED).substring(0, 5));
        assertThat(padding).containsExactly("true");
    }

    @Test
    void aSuffixWithACountOfZeroIsPaddingNotABreach() {
        assertThat(pwned().contains(PADDING)).isFalse();
        assertThat(pwned().contains(UNSEEN)).isFalse();
        assertThat(paths).hasSize(2);
    }

    @Test
    void whatTheShippedListKnowsIsRefusedWithoutARequest() {
        assertThat(pwned().contains("PassWord1234")).isTrue();
        assertThat(paths).isEmpty();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aFailingServiceLeavesTheShippedListToDecideWithAWarningThatNamesNeitherPasswordNorHash(CapturedOutput log) {
        status = 503;
        assertThat(pwned().contains(BREACHED)).isFalse();
        assertThat(pwned().contains(SHIPPED)).isTrue();
        assertThat(log.getOut() + log.getErr()).contains("Have I Been Pwned answered 503")
                .doesNotContain(BREACHED).doesNotContain(sha1(BREACHED).substring(5));
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeLeavesTheShippedListToDecide() {
        delay = Duration.ofMillis(1500);
        long started = System.nanoTime();
        assertThat(pwned().contains(BREACHED)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1200));
    }

    @Test
    void anUnreachableServiceLeavesTheShippedListToDecide() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        PwnedPasswords unreachable = new PwnedPasswords(shipped, URI.create("http://127.0.0.1:" + closed), TIMEOUT);
        assertThat(unreachable.contains(BREACHED)).isFalse();
        assertThat(unreachable.contains(SHIPPED)).isTrue();
    }

    @Test
    void rangeLinesAreReadAsTheApiWritesThem() {
        String suffix = "0018A45C4D1DEF81644B54AB7F969B88D65";
        assertThat(PwnedPasswords.breached(suffix + ":12", suffix)).isTrue();
        assertThat(PwnedPasswords.breached(suffix.toLowerCase() + ":1", suffix)).isTrue();
        assertThat(PwnedPasswords.breached(suffix + ":0", suffix)).isFalse();
        assertThat(PwnedPasswords.breached(suffix + "0:5", suffix)).isFalse();
        assertThat(PwnedPasswords.breached("garbage", suffix)).isFalse();
    }

    static String sha1(String password) {
        try {
            return HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
