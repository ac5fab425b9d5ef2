package app.platform.identity.signin.adapter.in.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The sign-in page is Spring Security's generated one (password, passkey, Google); it has no place for links of
 * our own, so this adds "create an account" and "forgot your password?" under its forms. Interim: the themed hosted
 * pages (issue "Hosted sign-in") replace the generated page and this filter with it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class SignInPageLinks extends OncePerRequestFilter {

    static final String LINKS = """
            <p class="links"><a href="/signup" id="sign-up">Create an account</a> ·
            <a href="/forgot-password" id="forgot-password">Forgot your password?</a></p>
            """;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || !"/login".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper page = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, page);
        String html = new String(page.getContentAsByteArray(), StandardCharsets.UTF_8);
        int end = html.lastIndexOf("</div>");
        if (page.getStatus() == 200 && html.contains("login-form") && end > 0) {
            page.resetBuffer();
            page.getOutputStream().write((html.substring(0, end) + LINKS + html.substring(end)).getBytes(StandardCharsets.UTF_8));
        }
        page.copyBodyToResponse();
    }
}
