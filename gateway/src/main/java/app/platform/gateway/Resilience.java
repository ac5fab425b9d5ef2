package app.platform.gateway;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Each route's circuit breaker: opens when half of the last 20 calls (at least 10) failed, stays open 10 s, then
 * lets a few through. Its time limit is the gateway's response timeout, not Resilience4j's default of one second
 * (a slow but healthy sign-in must not be cut off).
 */
@Configuration(proxyBeanMethods = false)
class Resilience {

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakers(HttpClientProperties httpClient) {
        Duration responseTimeout = httpClient.getResponseTimeout();
        if (responseTimeout == null) {
            throw new IllegalStateException("spring.cloud.gateway.server.webflux.httpclient.response-timeout is not set");
        }
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowSize(20)
                        .minimumNumberOfCalls(10)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(10))
                        .build())
                .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(responseTimeout.plusSeconds(1)).build())
                .build());
    }
}
