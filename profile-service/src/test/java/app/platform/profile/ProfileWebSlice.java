package app.platform.profile;

import app.platform.web.CorrelationAutoConfiguration;
import app.platform.web.StrictJson;
import app.platform.web.reactive.ReactiveProblems;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * What a web slice of profile-service loads besides its controller ({@code @WebFluxTest(SomeController.class)}),
 * so that the slice answers as the service does: the kit's problem+json ({@link ReactiveProblems}), strict request
 * JSON ({@link StrictJson}) and correlation id ({@link CorrelationAutoConfiguration}) - registered for the whole
 * application only, so a slice names them - and the service's own {@link SecurityConfig}. The resource server needs
 * a {@link ReactiveJwtDecoder} to start; tests sign in with {@code mockJwt()}, so it never decodes anything. No
 * PostgreSQL, no Kafka: the controller's application service is a Mockito mock in each test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(SecurityConfig.class)
@ImportAutoConfiguration({ReactiveProblems.class, StrictJson.class, CorrelationAutoConfiguration.class})
@MockitoBean(types = ReactiveJwtDecoder.class)
public @interface ProfileWebSlice {
}
