package app.platform.billing.subscription.adapter.in.web;

import static app.platform.testkit.ProblemAssertions.problem;
import static app.platform.testkit.ProblemAssertions.invalidField;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

import app.platform.billing.BillingWebSlice;
import app.platform.billing.subscription.application.PlanCatalog;
import app.platform.billing.subscription.application.Subscriptions;
import app.platform.billing.subscription.domain.Subscription;
import app.platform.billing.subscription.domain.SubscriptionStatus;
import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.security.PlatformRoles;
import app.platform.web.Correlation;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The HTTP contract of plans and my subscriptions in a web slice. The plans are the real catalog, bound from the
 * service's application.yml; Subscriptions is a mock. Charging, renewals and the scheduler are
 * {@code SubscriptionsIT}'s.
 */
@WebFluxTest(SubscriptionController.class)
@BillingWebSlice
class SubscriptionControllerSliceTest {

    /** The catalog as the service binds it ({@code billing.plans.*}). */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PlanCatalog.class)
    static class Plans {
    }

    static final UUID ME = UUID.fromString("2f3e4d5c-6b7a-4890-a1b2-c3d4e5f6a7b8");
    static final UUID OPERATOR = UUID.fromString("6c5b4a39-2817-4f6e-9d8c-7b6a5f4e3d2c");
    static final EventMetadata AS_ME = EventMetadata.ofUser(null, ME);
    static final String MINE = "/api/billing/me/subscriptions";

    @Autowired
    WebTestClient web;
    @MockitoBean
    Subscriptions subscriptions;

    WebTestClient asMe() {
        return web.mutateWith(mockJwt().jwt(jwt -> jwt.subject(ME.toString())));
    }

    WebTestClient asOperator() {
        return web.mutateWith(mockJwt().jwt(jwt -> jwt.subject(OPERATOR.toString())
                .claim("app_metadata", Map.of("role", "admin"))
                .claim("aal", "aal2").claim("auth_time", java.time.Instant.now())).authorities(PlatformRoles::of));
    }

    WebTestClient.ResponseSpec subscribe(Object body) {
        return asMe().post().uri(MINE).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    static Subscription gold(UUID id) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        return new Subscription(id, ME, "gold", 1999, "EUR", "month", SubscriptionStatus.TRIALING, start,
                Instant.parse("2026-01-15T00:00:00Z"), false, null, UUID.randomUUID());
    }

    @Test
    void withoutATokenItIsA401ProblemAndTheCorrelationIdIsEchoed() {
        problem(web.get().uri("/api/billing/plans").header(Correlation.HEADER, "slice-plans-0001").exchange()
                .expectHeader().valueEquals(Correlation.HEADER, "slice-plans-0001"), 401);
    }

    @Test
    void thePlansAreTheCatalogs() {
        asMe().get().uri("/api/billing/plans").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.gold.priceMinor").isEqualTo(1999)
                .jsonPath("$.gold.trialDays").isEqualTo(14)
                .jsonPath("$['gold-yearly'].interval").isEqualTo("year");
    }

    @Test
    void subscribingIs201WithTheStatusInLowerCase() {
        UUID id = UUID.randomUUID();
        when(subscriptions.subscribe(eq(ME), eq("gold"), isNull(), eq(AS_ME))).thenReturn(Mono.just(gold(id)));

        subscribe(Map.of("plan", "gold"))
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id.toString())
                .jsonPath("$.status").isEqualTo("trialing")
                .jsonPath("$.priceMinor").isEqualTo(1999)
                .jsonPath("$.userId").doesNotExist();
    }

    @Test
    void anUnknownPlanIsRefusedNamingThePlan() {
        when(subscriptions.subscribe(eq(ME), anyString(), any(), any()))
                .thenReturn(Mono.error(new InvalidInput("plan", "unknown plan; one of [basic, gold, gold-yearly]")));

        invalidField(subscribe(Map.of("plan", "platinum")), "plan");
    }

    @Test
    void aMissingPlanIsRefused() {
        invalidField(subscribe(Map.of()), "plan");
        verifyNoInteractions(subscriptions);
    }

    @Test
    void aTooLongPlanIsRefused() {
        invalidField(subscribe(Map.of("plan", "p".repeat(65))), "plan");
        verifyNoInteractions(subscriptions);
    }

    @Test
    void aCardIdThatIsNoUuidIsRefusedNamingIt() {
        invalidField(subscribe(Map.of("plan", "gold", "paymentMethodId", "my-visa")), "paymentMethodId");
        verifyNoInteractions(subscriptions);
    }

    @Test
    void aNumberWhereATextBelongsIsRefusedNotCoerced() {
        invalidField(subscribe("{\"plan\":1999}"), "plan").jsonPath("$.errors[0].message").isEqualTo("must be a string");
        verifyNoInteractions(subscriptions);
    }

    @Test
    void aNulCharacterIsRefused() {
        // the JSON escape of NUL, backslash doubled for Java
        invalidField(subscribe("{\"plan\":\"go\\u0000ld\"}"), "plan")
                .jsonPath("$.errors[0].message").isEqualTo("must not contain a NUL character");
        verifyNoInteractions(subscriptions);
    }

    @Test
    void aLoneSurrogateIsRefused() {
        invalidField(subscribe("{\"plan\":\"go\\ud800ld\"}"), "plan")
                .jsonPath("$.errors[0].message").isEqualTo("must be valid Unicode (a lone surrogate)");
        verifyNoInteractions(subscriptions);
    }

    @Test
    void someoneElsesSubscriptionIsNotFound() {
        UUID theirs = UUID.randomUUID();
        when(subscriptions.cancel(ME, theirs, true, AS_ME)).thenReturn(Mono.error(new NotFound("subscription")));

        problem(asMe().post().uri(MINE + "/" + theirs + "/cancel").exchange(), 404)
                .jsonPath("$.detail").isEqualTo("no such subscription");
    }

    @Test
    void cancellingNowIsAskedForExplicitly() {
        UUID mine = UUID.randomUUID();
        when(subscriptions.cancel(ME, mine, false, AS_ME)).thenReturn(Mono.just(gold(mine)));

        asMe().post().uri(MINE + "/" + mine + "/cancel").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("atPeriodEnd", false)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(mine.toString());
    }

    @Test
    void changingThePlanOfACancelledSubscriptionIsAConflict() {
        UUID mine = UUID.randomUUID();
        when(subscriptions.changePlan(ME, mine, "basic")).thenReturn(Mono.error(new Conflict("the subscription is cancelled")));

        problem(asMe().post().uri(MINE + "/" + mine + "/plan").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("plan", "basic")).exchange(), 409).jsonPath("$.title").isEqualTo("Conflict");
    }

    @Test
    void onlyOperatorsRunTheScheduler() {
        problem(asMe().post().uri("/api/billing/admin/scheduler/run").exchange(), 403);
        verifyNoInteractions(subscriptions);

        when(subscriptions.chargeDue()).thenReturn(Mono.just(3L));
        asOperator().post().uri("/api/billing/admin/scheduler/run").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.handled").isEqualTo(3);
    }
}
