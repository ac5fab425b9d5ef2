package app.platform.billing.method.adapter.in.web;

import static app.platform.testkit.ProblemAssertions.problem;
import static app.platform.testkit.ProblemAssertions.invalidField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

import app.platform.billing.BillingWebSlice;
import app.platform.billing.method.application.PaymentMethods;
import app.platform.billing.method.domain.PaymentMethod;
import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.web.Correlation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The HTTP contract of my cards in a web slice: what a card shows (never the provider's token), what a new one may
 * be sent as, and the problems of a refused change. The provider and the tables are {@code PaymentMethodsIT}'s.
 */
@WebFluxTest(PaymentMethodController.class)
@BillingWebSlice
class PaymentMethodControllerSliceTest {

    static final UUID ME = UUID.fromString("8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5f6e");
    static final String MINE = "/api/billing/me/payment-methods";

    @Autowired
    WebTestClient web;
    @MockitoBean
    PaymentMethods methods;

    WebTestClient asMe() {
        return web.mutateWith(mockJwt().jwt(jwt -> jwt.subject(ME.toString())));
    }

    WebTestClient.ResponseSpec add(Object body) {
        return asMe().post().uri(MINE).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    static PaymentMethod visa(UUID id, boolean isDefault) {
        return new PaymentMethod(id, ME, "tok_visa", "visa", "4242", 12, 2030, isDefault, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void withoutATokenItIsA401ProblemAndTheCorrelationIdIsEchoed() {
        problem(web.get().uri(MINE).header(Correlation.HEADER, "slice-cards-0001").exchange()
                .expectHeader().valueEquals(Correlation.HEADER, "slice-cards-0001"), 401);
        verifyNoInteractions(methods);
    }

    @Test
    void anAddedCardIs201WithBrandAndLast4AndNeverTheProvidersToken() {
        when(methods.add(ME, "tok_visa", EventMetadata.ofUser(null, ME))).thenReturn(Mono.just(visa(UUID.randomUUID(), true)));

        add(Map.of("token", "tok_visa"))
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.brand").isEqualTo("visa")
                .jsonPath("$.last4").isEqualTo("4242")
                .jsonPath("$.isDefault").isEqualTo(true)
                .jsonPath("$.providerToken").doesNotExist()
                .jsonPath("$.userId").doesNotExist();
    }

    @Test
    void myCardsAreListed() {
        when(methods.mine(ME)).thenReturn(Flux.just(visa(UUID.randomUUID(), true)));

        asMe().get().uri(MINE).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].last4").isEqualTo("4242");
    }

    @Test
    void aCardNumberIsRefusedAndNeverEchoed() {
        when(methods.add(eq(ME), anyString(), any())).thenReturn(Mono.error(new InvalidInput("token",
                "card numbers are never accepted; tokenize the card with the provider and send its token")));

        invalidField(add(Map.of("token", "4242 4242 4242 4242")), "token")
                .consumeWith(result -> assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8))
                        .doesNotContain("4242"));
    }

    @Test
    void aMissingTokenIsRefused() {
        invalidField(add(Map.of()), "token");
        verifyNoInteractions(methods);
    }

    @Test
    void aTooLongTokenIsRefused() {
        invalidField(add(Map.of("token", "t".repeat(129))), "token");
        verifyNoInteractions(methods);
    }

    @Test
    void aNumberWhereATextBelongsIsRefusedNotCoerced() {
        invalidField(add("{\"token\":4242424242424242}"), "token")
                .jsonPath("$.errors[0].message").isEqualTo("must be a string");
        verifyNoInteractions(methods);
    }

    @Test
    void aNulCharacterIsRefused() {
        // the JSON escape of NUL, backslash doubled for Java
        invalidField(add("{\"token\":\"tok_\\u0000visa\"}"), "token")
                .jsonPath("$.errors[0].message").isEqualTo("must not contain a NUL character");
        verifyNoInteractions(methods);
    }

    @Test
    void aLoneSurrogateIsRefused() {
        invalidField(add("{\"token\":\"tok_\\ud800visa\"}"), "token")
                .jsonPath("$.errors[0].message").isEqualTo("must be valid Unicode (a lone surrogate)");
        verifyNoInteractions(methods);
    }

    @Test
    void someoneElsesCardIsNotFound() {
        UUID theirs = UUID.randomUUID();
        when(methods.makeDefault(ME, theirs)).thenReturn(Mono.error(new NotFound("payment method")));

        problem(asMe().post().uri(MINE + "/" + theirs + "/default").exchange(), 404)
                .jsonPath("$.detail").isEqualTo("no such payment method");
    }

    @Test
    void removingTheCardThatPaysALiveSubscriptionIsAConflict() {
        UUID paying = UUID.randomUUID();
        when(methods.remove(ME, paying))
                .thenReturn(Mono.error(new Conflict("this card pays a live subscription: choose another card for it first")));

        problem(asMe().delete().uri(MINE + "/" + paying).exchange(), 409).jsonPath("$.title").isEqualTo("Conflict");
    }

    @Test
    void removingAnotherCardIs204() {
        UUID spare = UUID.randomUUID();
        when(methods.remove(ME, spare)).thenReturn(Mono.empty());

        asMe().delete().uri(MINE + "/" + spare).exchange().expectStatus().isNoContent();
    }
}
