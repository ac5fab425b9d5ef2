package app.platform.local;

import app.platform.testkit.LegacyTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One platform, launched as {@code ./run.sh --jvm-per-service} launches it (every jar its own process, so that a
 * test can kill one; the demo legacy database captured and imported), shared by every end-to-end class that does
 * not need a platform of its own: the first class to ask starts it, the end of the test run stops it.
 * {@code @ExtendWith(SharedPlatform.class)} on a class, then {@link #get()}.
 */
public final class SharedPlatform implements BeforeAllCallback, AutoCloseable {

    /** The local OIDC provider standing in for Google. */
    static final MockOAuth2Server GOOGLE = new MockOAuth2Server();
    /** The legacy project's JWT secret (its Supabase access tokens are exchanged once). */

    private static SharedPlatform started;

    final LocalPlatform platform;
    final Path dataDir;
    final String gateway;
    private boolean closed;

    private SharedPlatform(LocalPlatform platform, Path dataDir) {
        this.platform = platform;
        this.dataDir = dataDir;
        this.gateway = platform.gatewayUrl();
    }

    /** For JUnit only; classes use {@link #get()}. */
    public SharedPlatform() {
        this.platform = null;
        this.dataDir = null;
        this.gateway = null;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedPlatform.class) {
            if (started == null) {
                Path dir = Files.createTempDirectory("platform-e2e");
                GOOGLE.start();
                // thousands of requests from one address (a burst of sign-ups, the bad-input corpus): lift identity's
                // per-address back-off and the gateway's address limits; Google is a local OIDC provider; the demo
                // legacy database at scale 3 (66 auth users, ~5,900 audit rows), its Supabase tokens exchangeable,
                // heartbeats every second (the cutover's drain)
                LocalPlatform platform = new LocalPlatform(Launcher.projectHome(Path.of("").toAbsolutePath()), dir,
                        Ports.free(), environment(), 3, false).start();
                started = new SharedPlatform(platform, dir);
                // closed once, when the whole run ends
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedPlatform.class, started);
            }
        }
    }

    /** The platform the extension started. */
    public static SharedPlatform get() {
        if (started == null) {
            throw new IllegalStateException("annotate the class with @ExtendWith(SharedPlatform.class)");
        }
        return started;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            long start = System.nanoTime();
            platform.close();
            System.out.printf("report: the shared platform stopped in %.1f s%n", (System.nanoTime() - start) / 1e9);
            GOOGLE.shutdown();
        }
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("IDENTITY_THROTTLE_API_FREE_ATTEMPTS", "100000",
                "GATEWAY_RATE_ADDRESS_BURST", "100000", "GATEWAY_RATE_AUTH_BURST", "100000",
                "GATEWAY_RATE_USER_BURST", "100000", "GOOGLE_CLIENT_ID", "platform-google-client",
                "GOOGLE_CLIENT_SECRET", "google-secret", "GOOGLE_ISSUER", GOOGLE.issuerUrl("google").toString(),
                "LEGACY_HEARTBEAT_MS", "1000", "PLATFORM_LEGACY_TEST_SWITCHES", "true"));
        env.put("LEGACY_WEBAUTHN_RP_ID", "localhost"); // the legacy project's passkeys are this relying party's
        env.putAll(LegacyTokens.environment()); // its Supabase tokens exchangeable for a day
        return env;
    }
}
