package app.platform.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Locale;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The hosted pages' language, of those the pages are written in: the one chosen on a page ({@code ?lang=}, kept for
 * the session), else the first of the application's {@code ui_locales} on the authorization request that led here,
 * else the browser's {@code Accept-Language}, else English.
 */
public class PageLocales implements LocaleResolver {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.FRENCH);
    static final String CHOSEN = PageLocales.class.getName() + ".CHOSEN";
    private final HttpSessionRequestCache savedRequests = new HttpSessionRequestCache();

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        Locale chosen = supported(request.getParameter("lang"));
        HttpSession session = request.getSession(false);
        if (chosen == null && session != null && session.getAttribute(CHOSEN) instanceof Locale kept) {
            chosen = kept;
        }
        if (chosen == null && session != null) {
            SavedRequest authorization = savedRequests.getRequest(request, null);
            String[] uiLocales = authorization == null ? null : authorization.getParameterValues("ui_locales");
            if (uiLocales != null && uiLocales.length > 0) {
                for (String tag : uiLocales[0].trim().split("\\s+")) {
                    chosen = chosen != null ? chosen : supported(tag);
                }
            }
        }
        if (chosen == null) {
            String header = request.getHeader("Accept-Language");
            try {
                chosen = header == null ? null : Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
            } catch (IllegalArgumentException malformed) {
                chosen = null;
            }
        }
        return chosen == null ? Locale.ENGLISH : chosen;
    }

    /** Keeps a language chosen on a page ({@code ?lang=}) for the rest of the session. */
    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        request.getSession().setAttribute(CHOSEN, locale);
    }

    static Locale supported(String tag) {
        if (!StringUtils.hasText(tag)) {
            return null;
        }
        String language = Locale.forLanguageTag(tag.trim()).getLanguage();
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst().orElse(null);
    }
}
