package app.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Locale;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.events.SpringDocAppInitializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Every service's OpenAPI document as the gateway's one Swagger UI shows it ({@code /docs}): titled by the service,
 * served from the gateway ({@code IDENTITY_ISSUER}, the public address), an Authorize button for both ways in
 * (sign in with OAuth 2.0 code + PKCE as the public client {@code docs}, or paste a bearer token), and a summary
 * for every operation that has none, from its method's name ({@code confirmEmail}: "Confirm email"), grouped by
 * subject rather than by controller.
 */
@AutoConfiguration(beforeName = {"org.springdoc.core.configuration.SpringDocConfiguration",
        "org.springdoc.webflux.ui.SwaggerConfig", "org.springdoc.webmvc.ui.SwaggerConfig"})
@ConditionalOnClass({OpenAPI.class, GlobalOpenApiCustomizer.class})
public class OpenApiDefaults {

    /**
     * The documents (and the gateway's UI) are public on purpose: springdoc's warning at every start that they are
     * "enabled by default" and should be switched off in production is not for this platform. (Its last argument
     * says the endpoint was enabled deliberately.)
     */
    @Bean
    SpringDocAppInitializer springDocAppInitializer() {
        return new SpringDocAppInitializer("/v3/api-docs", "springdoc.api-docs.enabled", true);
    }

    @Bean
    SpringDocAppInitializer springDocSwaggerInitializer() {
        return new SpringDocAppInitializer("/docs", "springdoc.swagger-ui.enabled", true);
    }

    static final String BEARER = "bearer";
    static final String SIGN_IN = "signIn";

    @Bean
    GlobalOpenApiCustomizer platformDocument(Environment env) {
        // Spring Boot's and the platform's own settings: the service's name, and the gateway's public address
        String service = env.getRequiredProperty("spring.application.name");
        String gateway = env.getProperty("IDENTITY_ISSUER", "http://localhost:8080");
        return api -> {
            String name = service.replace("-service", "");
            api.info(new Info().title("Membership platform: " + name).version("1")
                            .description("The " + name + " API, served through the gateway. Errors are RFC 9457 "
                                    + "problem+json. Authorize: sign in (client `docs`), or paste an access token."))
                    .servers(List.of(new Server().url(gateway).description("the gateway")))
                    .components((api.getComponents() == null ? new Components() : api.getComponents())
                            .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer").bearerFormat("JWT"))
                            .addSecuritySchemes(SIGN_IN, new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                                    .flows(new OAuthFlows().authorizationCode(new OAuthFlow()
                                            .authorizationUrl(gateway + "/oauth2/authorize")
                                            .tokenUrl(gateway + "/oauth2/token")
                                            .scopes(new Scopes().addString("openid", "who you are")
                                                    .addString("profile", "your name")
                                                    .addString("email", "your e-mail address"))))))
                    .security(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(SIGN_IN)));
            // a controller's tag is its subject: "contacts-controller" reads "contacts"
            if (api.getTags() != null) {
                api.getTags().forEach(tag -> tag.setName(subject(tag.getName())));
            }
            if (api.getPaths() != null) {
                api.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                    if (operation.getTags() != null) {
                        operation.setTags(operation.getTags().stream().map(OpenApiDefaults::subject).toList());
                    }
                }));
            }
        };
    }

    @Bean
    OperationCustomizer summaries() {
        return (operation, handler) -> operation.getSummary() != null ? operation
                : operation.summary(sentence(handler.getMethod().getName()));
    }

    static String subject(String tag) {
        return tag.endsWith("-controller") ? tag.substring(0, tag.length() - "-controller".length()) : tag;
    }

    /** {@code confirmEmail} as "Confirm email". */
    static String sentence(String camelCase) {
        String words = camelCase.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
