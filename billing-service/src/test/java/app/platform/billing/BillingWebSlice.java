package app.platform.billing;

import app.platform.billing.payment.application.Payments;
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
 * What a web slice of billing-service loads besides its controller ({@code @WebFluxTest(SomeController.class)}),
 * so that the slice answers as the service does: the kit's problem+json ({@link ReactiveProblems}), strict request
 * JSON ({@link StrictJson}) and correlation id ({@link CorrelationAutoConfiguration}) - registered for the whole
 * application only, so a slice names them - and the service's own {@link SecurityConfig}. The resource server needs
 * a {@link ReactiveJwtDecoder} to start; tests sign in with {@code mockJwt()}, so it never decodes anything. No
 * PostgreSQL, no Kafka: the controller's application service is a Mockito mock in each test.
 * <p>
 * {@code PaymentController} is also an advice ({@code ChargeDeclined} as 402), and a slice keeps every advice, as the
 * service does: so its {@link Payments} is a mock here too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(SecurityConfig.class)
@ImportAutoConfiguration({ReactiveProblems.class, StrictJson.class, CorrelationAutoConfiguration.class})
@MockitoBean(types = {ReactiveJwtDecoder.class, Payments.class})
public @interface BillingWebSlice {
}
