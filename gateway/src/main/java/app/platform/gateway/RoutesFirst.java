package app.platform.gateway;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * The routes are looked up before the gateway's annotated handlers (the circuit breaker's fallback, reached by a
 * forward, and springdoc's pages). Spring orders those first, so every proxied request was matched against each of
 * them, its {@code Accept} header parsed for their {@code produces}, before its route was found: 3.8% of the gateway's
 * samples on a GET. No route's path is one of theirs, so a request finds the same handler either way.
 */
@Configuration(proxyBeanMethods = false)
class RoutesFirst {

    @Bean
    static BeanPostProcessor annotatedHandlersAfterTheRoutes(
            @Value("${spring.cloud.gateway.server.webflux.handler-mapping.order:1}") int routes) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                // WebFlux's own (actuator's controller endpoints keep theirs, ahead of both)
                if (bean instanceof RequestMappingHandlerMapping annotated && name.equals("requestMappingHandlerMapping")) {
                    annotated.setOrder(routes + 1);
                }
                return bean;
            }
        };
    }
}
