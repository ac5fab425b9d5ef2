package app.platform.identity.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code identity.pages.*}: where a sign-in on the hosted page that no application started lands. */
@ConfigurationProperties("identity.pages")
public record PageSettings(String home) {

    /**
     * Where to go next: {@code next} when it is a path of this site ({@code /...}), else home. An address from a
     * request is never followed off the site: no {@code //host}, and no backslash or control character anywhere (a
     * browser drops a tab or a line break and reads a backslash as a slash, so {@code /<tab>/host} is {@code //host}).
     */
    public String next(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//")
                && next.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\') ? next : home;
    }
}
