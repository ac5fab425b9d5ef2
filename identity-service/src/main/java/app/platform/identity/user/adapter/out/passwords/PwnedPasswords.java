package app.platform.identity.user.adapter.out.passwords;

import app.platform.identity.user.application.BreachedPasswords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The breach check with Have I Been Pwned's Pwned Passwords range API besides the shipped list (k-anonymity: only
 * the first five hex digits of the password's SHA-1 leave the service). {@code GET {base}/range/{prefix}} with
 * {@code Add-Padding: true} answers the suffixes of that range with their breach counts, and padding suffixes with a
 * count of 0, which are no breach. A password the shipped list knows is refused without a request. When the API does
 * not answer within the timeout or fails, the shipped list's answer stands, with a warning that names neither the
 * password nor its hash.
 */
final class PwnedPasswords implements BreachedPasswords {

    private static final Logger log = LoggerFactory.getLogger(PwnedPasswords.class);
    private static final int PREFIX = 5;

    private final BreachedPasswords shipped;
    private final String base;
    private final Duration timeout;
    private final HttpClient http;

    PwnedPasswords(BreachedPasswords shipped, URI base, Duration timeout) {
        this.shipped = shipped;
        this.base = base.toString().replaceAll("/+$", "");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public boolean contains(String password) {
        return shipped.contains(password) || inBreaches(password);
    }

    private boolean inBreaches(String password) {
        String hash = sha1(password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/range/" + hash.substring(0, PREFIX)))
                .timeout(timeout).header("Add-Padding", "true").GET().build();
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                log.warn("Have I Been Pwned answered {}: the shipped list of breached passwords decides", response.statusCode());
                return false;
            }
            String suffix = hash.substring(PREFIX);
            return response.body().lines().anyMatch(line -> breached(line, suffix));
        } catch (ExecutionException | TimeoutException e) {
            exchange.cancel(true);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.warn("Have I Been Pwned did not answer ({}): the shipped list of breached passwords decides",
                    cause.getClass().getSimpleName());
            return false;
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A line {@code SUFFIX:COUNT} of the range: the password's suffix, seen in a breach (padding has a count of 0). */
    static boolean breached(String line, String suffix) {
        int colon = line.indexOf(':');
        return colon == suffix.length() && line.regionMatches(true, 0, suffix, 0, colon)
                && !line.substring(colon + 1).trim().matches("0*");
    }

    private static String sha1(String password) {
        try {
            return HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
