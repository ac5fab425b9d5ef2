package app.platform.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import reactor.core.publisher.Mono;

/**
 * The platform's roles from an access token: {@code app_metadata.role = "admin"} (as Supabase operators set it)
 * is {@code ROLE_ADMIN}, and with a recent second-factor sign-in also {@link StepUp#AUTHORITY}, which the admin
 * APIs need; a service's client-credentials token keeps its scopes as {@code SCOPE_*}.
 */
public final class PlatformRoles {

    private PlatformRoles() {
    }

    public static Collection<GrantedAuthority> of(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        Map<String, Object> app = jwt.getClaimAsMap("app_metadata");
        if (app != null && "admin".equals(app.get("role"))) {
            authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
            if (StepUp.satisfiedBy(jwt, Instant.now())) {
                authorities.add(new SimpleGrantedAuthority(StepUp.AUTHORITY));
            }
        }
        List<String> scopes = jwt.getClaimAsStringList("scope");
        if (scopes != null) {
            scopes.forEach(s -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + s)));
        }
        return authorities;
    }

    public static JwtAuthenticationConverter converter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(PlatformRoles::of);
        return converter;
    }

    public static Converter<Jwt, Mono<AbstractAuthenticationToken>> reactiveConverter() {
        JwtAuthenticationConverter converter = converter();
        return jwt -> Mono.just(converter.convert(jwt));
    }
}
