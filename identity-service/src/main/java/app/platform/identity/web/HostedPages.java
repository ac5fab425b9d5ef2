package app.platform.identity.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;
import java.time.Duration;

/**
 * What every hosted page shares: the brand and the language in each view's model, a language chosen on a page
 * ({@code ?lang=fr}) kept for the session, and the theme's stylesheet ({@code /assets/theme.css}) made from
 * {@link Branding}. The pages' own stylesheet and scripts are static files under {@code /assets/}, served with a
 * content hash in their names (cached for a year); no page has an inline script or style (the CSP forbids them).
 */
@Configuration(proxyBeanMethods = false)
class HostedPages {

    @Bean
    LocaleResolver localeResolver() {
        return new PageLocales();
    }

    @ControllerAdvice(annotations = HostedPage.class)
    static class Model {

        private final Branding branding;
        private final LocaleResolver locales;

        Model(Branding branding, LocaleResolver locales) {
            this.branding = branding;
            this.locales = locales;
        }

        @ModelAttribute("brand")
        Branding brand() {
            return branding;
        }

        /** The page's language; one chosen with {@code ?lang=} is kept for the session. */
        @ModelAttribute("lang")
        String lang(HttpServletRequest request, HttpServletResponse response) {
            Locale chosen = PageLocales.supported(request.getParameter("lang"));
            if (chosen != null) {
                locales.setLocale(request, response, chosen);
            }
            return locales.resolveLocale(request).getLanguage();
        }

        /**
         * This page in each language: its address with {@code lang} set, the rest of its query kept; on the error
         * page, the address that failed (the request was forwarded to {@code /error}).
         */
        @ModelAttribute("languages")
        Map<String, String> languages(HttpServletRequest request) {
            Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            String path = failed == null ? request.getRequestURI() : failed.toString();
            String query = failed == null ? request.getQueryString()
                    : (String) request.getAttribute(RequestDispatcher.ERROR_QUERY_STRING);
            Map<String, String> links = new LinkedHashMap<>();
            for (Locale language : PageLocales.SUPPORTED) {
                links.put(language.getLanguage(), UriComponentsBuilder.fromPath(path)
                        .query(query).replaceQueryParam("lang", language.getLanguage())
                        .build().toUriString());
            }
            return links;
        }
    }

    /**
     * The error page ({@code error.html}) with what the hosted pages' views have: an error of the container or of
     * Spring (404, 405, 500) looks like the rest, in the person's language, and says what to do next.
     */
    @Bean
    ErrorViewResolver errorPage(Model pages) {
        return (request, status, model) -> {
            Map<String, Object> page = new HashMap<>(model);
            page.put("brand", pages.brand());
            page.put("lang", pages.locales.resolveLocale(request).getLanguage());
            page.put("languages", pages.languages(request));
            page.put("status", status.value());
            page.put("error", status.is4xxClientError() ? "error.client" : "error.server");
            return new ModelAndView("error", page, status);
        };
    }

    /**
     * The pages' Content-Security-Policy: scripts, styles and connections from this site only (no inline script or
     * style anywhere), images also from the brand's logo, and the CAPTCHA provider's script and frame when one is
     * configured; no plugin, no {@code <base>}, and no framing (clickjacking). No {@code form-action}: a sign-in
     * form's redirects end at the application's own address, which browsers would check against it.
     */
    static String contentSecurityPolicy(Branding branding, String captchaScriptUrl) {
        String logo = origin(branding.logoUrl());
        String captcha = origin(captchaScriptUrl);
        return "default-src 'self'; script-src 'self'" + captcha + "; style-src 'self'; img-src 'self' data:" + logo
                + "; connect-src 'self'; frame-src 'self'" + captcha
                + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    /** " https://host[:port]" of an absolute URL, else nothing (a path of this site is 'self'). */
    private static String origin(String url) {
        if (url == null || !url.matches("https?://[^/\\s;']+(/.*)?")) {
            return "";
        }
        var uri = java.net.URI.create(url);
        return " " + uri.getScheme() + "://" + uri.getRawAuthority();
    }

    @RestController
    static class Theme {

        private final String css;

        Theme(Branding branding) {
            this.css = ":root{--brand:%s;--on-brand:%s}\n".formatted(branding.primaryColor(), branding.onPrimaryColor());
        }

        @GetMapping(value = "/assets/theme.css", produces = "text/css")
        ResponseEntity<String> theme() {
            return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()).body(css);
        }
    }
}
