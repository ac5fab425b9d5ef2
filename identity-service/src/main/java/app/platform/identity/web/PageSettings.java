package app.platform.identity.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code identity.pages.*}: where a sign-in on the hosted page that no application started lands. */
@ConfigurationProperties("identity.pages")
public record PageSettings(String home) {

    /**
     * Where to go next: {@code next} when it is a path of this site ({@code /...}, not {@code //host} nor
     * {@code /\host}), else home. An address from a request is never followed off the site.
     */
    public String next(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : home;
    }
}
