package app.platform.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The events' AsyncAPI 3 document (generated in shared-events from the JSON Schemas), beside the OpenAPI ones. */
@Configuration(proxyBeanMethods = false)
class EventCatalogue {

    @Bean
    RouterFunction<ServerResponse> asyncApi() {
        ClassPathResource document = new ClassPathResource("asyncapi/asyncapi.json");
        return RouterFunctions.route().GET("/docs/asyncapi.json",
                request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(document)).build();
    }
}
