package app.platform.profile.appuser.adapter.in.web;

import app.platform.profile.appuser.application.AppUserRepository;
import app.platform.profile.appuser.domain.AppUserStatus;
import app.platform.web.reactive.ProblemResponses;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * The caller's writes under {@code /api/profile/me} (but the close itself) need their app user, open: 404 until it
 * exists (identity's {@code UserRegistered} not consumed yet: a contact or an address failed on its foreign key with
 * a 500), 409 once closed (its personal data erased by {@code POST /api/profile/me/close}: nothing personal is stored
 * again, and a later {@code UserDeleted}, which finds the account closed, has nothing to erase). Runs after the
 * security chain, on the caller's token. A bean of {@link Registration} (a configuration, so that controllers' web
 * slices, whose services are mocks, do without it).
 */
class WritableAccounts implements WebFilter {

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        WebFilter writableAccounts(AppUserRepository users) {
            return new WritableAccounts(users);
        }
    }


    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final PathPattern MINE = PathPatternParser.defaultInstance.parse("/api/profile/me/**");
    private static final PathPattern CLOSE = PathPatternParser.defaultInstance.parse("/api/profile/me/close");
    private final AppUserRepository users;

    WritableAccounts(AppUserRepository users) {
        this.users = users;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // matched as the handlers match (decoded segments, no ;parameters): /api/profile/m%65/… is /api/profile/me/…
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (READS.contains(exchange.getRequest().getMethod()) || !MINE.matches(path) || CLOSE.matches(path)) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal().ofType(JwtAuthenticationToken.class)
                .flatMap(token -> Mono.justOrEmpty(uuid(token.getName())))
                .flatMap(user -> users.findByAuthUserId(user)
                        .map(view -> view.user().status() == AppUserStatus.Closed ? Account.CLOSED : Account.OPEN)
                        .defaultIfEmpty(Account.NONE))
                .defaultIfEmpty(Account.OPEN) // not a user's token: the controllers answer it
                .flatMap(account -> switch (account) {
                    case OPEN -> chain.filter(exchange);
                    case NONE -> ProblemResponses.write(exchange, HttpStatus.NOT_FOUND,
                            "Your profile is not created yet: it follows your sign-up within moments. Try again shortly.");
                    case CLOSED -> ProblemResponses.write(exchange, HttpStatus.CONFLICT,
                            "This account is closed: it takes no more changes.");
                });
    }

    private enum Account { OPEN, NONE, CLOSED }

    private static UUID uuid(String subject) {
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
