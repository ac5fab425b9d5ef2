package app.platform.identity.session.adapter.in.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The browser session's cookie, set explicitly: {@code __Host-SESSION}, {@code Secure}, {@code HttpOnly},
 * {@code SameSite=Lax}, {@code Path=/} and no {@code Domain}, so no other site or subdomain can set or read it.
 * Browsers treat {@code http://localhost} as secure, so the one-machine platform keeps it; a deployment served over
 * plain HTTP elsewhere sets {@code IDENTITY_SESSION_COOKIE_SECURE=false} and gets a plain {@code SESSION} cookie
 * (the {@code __Host-} prefix requires {@code Secure}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BrowserSessionCookie.Settings.class)
class BrowserSessionCookie {

    /** {@code identity.session-cookie.secure}. */
    @ConfigurationProperties("identity.session-cookie")
    record Settings(@DefaultValue("true") boolean secure) {

        String name() {
            return secure ? "__Host-SESSION" : "SESSION";
        }
    }

    @Bean
    CookieSerializer sessionCookie(Settings settings) {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(settings.name());
        cookie.setUseSecureCookie(settings.secure());
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        cookie.setCookiePath("/");
        return cookie;
    }
}
