package app.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;

class RequestSecurityAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner context = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RequestSecurityAutoConfiguration.class));

    @Test
    void springSecurityObservesNothingOfItsOwn() {
        context.run(beans -> {
            SecurityObservationSettings settings = beans.getBean(SecurityObservationSettings.class);
            assertThat(settings.shouldObserveRequests()).isFalse();
            assertThat(settings.shouldObserveAuthentications()).isFalse();
            assertThat(settings.shouldObserveAuthorizations()).isFalse();
        });
    }

    @Test
    void theFirewallLetsInAWellFormedHeaderAndRejectsAControlCharacterInAValueOrATabInAName() {
        context.run(beans -> {
            ServerWebExchangeFirewall firewall = beans.getBean(ServerWebExchangeFirewall.class);
            ServerWebExchange exchange = firewall.getFirewalledExchange(MockServerWebExchange.from(
                    MockServerHttpRequest.get("/api/profile/me").header("Authorization", "Bearer a.b.c")
                            .header("X-Bad", "a\u0007b").header("X\tName", "v"))).block();
            assertThat(exchange.getRequest().getHeaders().getFirst("Authorization")).isEqualTo("Bearer a.b.c");
            assertThatThrownBy(() -> exchange.getRequest().getHeaders().getFirst("X-Bad"))
                    .isInstanceOf(ServerExchangeRejectedException.class);
            assertThatThrownBy(() -> exchange.getRequest().getHeaders().getFirst("X\tName"))
                    .isInstanceOf(ServerExchangeRejectedException.class);
        });
    }
}
