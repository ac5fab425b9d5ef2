package app.platform.testkit;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * A cookie jar as a browser keeps one: a loopback origin ({@code http://localhost}, {@code 127.0.0.1}) counts as
 * secure, as it does in Chromium and Firefox, so {@code Secure} and {@code __Host-} cookies come back over plain HTTP
 * on this machine. The JDK's own {@link CookieManager} never sends a {@code Secure} cookie over {@code http}.
 */
public final class BrowserCookies extends CookieHandler {

    private final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
        return jar.get(secureIfLoopback(uri), requestHeaders);
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
        jar.put(secureIfLoopback(uri), responseHeaders);
    }

    /** The value of the cookie named {@code name} for {@code uri}, or null. */
    public String value(URI uri, String name) {
        return jar.getCookieStore().get(secureIfLoopback(uri)).stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    private static URI secureIfLoopback(URI uri) {
        if (!"http".equalsIgnoreCase(uri.getScheme()) || !loopback(uri.getHost())) {
            return uri;
        }
        try {
            return new URI("https", uri.getUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean loopback(String host) {
        try {
            return host != null && ("localhost".equalsIgnoreCase(host) || InetAddress.getByName(host).isLoopbackAddress());
        } catch (IOException unknownHost) {
            return false;
        }
    }
}
