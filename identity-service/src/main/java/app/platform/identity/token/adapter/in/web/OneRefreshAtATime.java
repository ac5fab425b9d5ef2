package app.platform.identity.token.adapter.in.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * A refresh-token grant runs in one database transaction, from the lookup of its token, which locks the session's
 * row, to the save of the token that replaces it. Two refreshes with one token at once (two tabs, a page and its
 * middleware) are so taken in turn, and the second finds the token just rotated away: within the reuse interval it
 * is answered with the session's current token instead of revoking the session as a reuse (the token store's
 * {@code RotatingAuthorizationService}). A refusal is an answer, not an exception: a revocation it made is committed.
 * After the throttle (a refused address holds no row lock), before Spring Security's filters.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class OneRefreshAtATime extends OncePerRequestFilter {

    private static final String TOKEN_ENDPOINT = "/oauth2/token";
    private final TransactionTemplate tx;

    OneRefreshAtATime(TransactionTemplate tx) {
        this.tx = tx;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && TOKEN_ENDPOINT.equals(request.getRequestURI())
                && AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE)));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the answer is held until the transaction commits: no token reaches the client that is not stored
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        try {
            tx.executeWithoutResult(status -> {
                try {
                    chain.doFilter(request, held);
                } catch (IOException | ServletException e) {
                    throw new Failed(e);
                }
            });
            held.copyBodyToResponse();
        } catch (Failed failed) {
            if (failed.getCause() instanceof IOException io) {
                throw io;
            }
            throw (ServletException) failed.getCause();
        }
    }

    /** A checked failure of the chain, carried out of the transaction's callback (which rolls it back). */
    private static final class Failed extends RuntimeException {
        Failed(Exception cause) {
            super(cause);
        }
    }
}
