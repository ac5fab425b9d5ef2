package app.platform.web;

import app.platform.web.reactive.CorrelationWebFilter;
import app.platform.web.servlet.CorrelationFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every service request runs with its correlation id ({@link Correlation}). Not in the gateway, which makes the id
 * and forwards it.
 */
@AutoConfiguration
@ConditionalOnMissingClass("org.springframework.cloud.gateway.filter.GlobalFilter")
public class CorrelationAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class Reactive {
        @Bean
        CorrelationWebFilter correlationWebFilter() {
            return new CorrelationWebFilter();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Servlet {
        @Bean
        CorrelationFilter correlationFilter() {
            return new CorrelationFilter();
        }
    }
}
