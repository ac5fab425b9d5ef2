package app.platform.membership.queue.adapter.in.web;

import static app.platform.testkit.ProblemAssertions.problem;
import static app.platform.testkit.ProblemAssertions.invalidField;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

import app.platform.errors.Conflict;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.membership.MembershipWebSlice;
import app.platform.membership.queue.application.PayoutQueue;
import app.platform.security.PlatformRoles;
import app.platform.web.Correlation;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The HTTP contract of the payout queue in a web slice: joining (201), leaving (204), my place, and an operator's
 * move with its reason. The positions themselves are {@code QueuePositionsTest}'s and, under concurrency,
 * {@code MembershipFeaturesIT}'s.
 */
@WebFluxTest(QueueController.class)
@MembershipWebSlice
class QueueControllerSliceTest {

    static final UUID ME = UUID.fromString("5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d");
    static final UUID OPERATOR = UUID.fromString("1d2c3b4a-5f6e-4d7c-8b9a-0f1e2d3c4b5a");
    static final String MINE = "/api/membership/me/queue";
    static final Instant PAYOUT = Instant.parse("2026-03-01T00:00:00Z");

    @Autowired
    WebTestClient web;
    @MockitoBean
    PayoutQueue queue;

    WebTestClient asMe() {
        return web.mutateWith(mockJwt().jwt(jwt -> jwt.subject(ME.toString())));
    }

    WebTestClient asOperator() {
        return web.mutateWith(mockJwt().jwt(jwt -> jwt.subject(OPERATOR.toString())
                .claim("app_metadata", Map.of("role", "admin"))
                .claim("aal", "aal2").claim("auth_time", java.time.Instant.now())).authorities(PlatformRoles::of));
    }

    WebTestClient.ResponseSpec move(WebTestClient client, UUID member, Object body) {
        return client.post().uri("/api/membership/admin/queue/" + member + "/move")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void withoutATokenItIsA401ProblemAndTheCorrelationIdIsEchoed() {
        problem(web.post().uri(MINE).header(Correlation.HEADER, "slice-queue-0001").exchange()
                .expectHeader().valueEquals(Correlation.HEADER, "slice-queue-0001"), 401);
        verifyNoInteractions(queue);
    }

    @Test
    void joiningIs201WithMyPlace() {
        when(queue.join(ME, EventMetadata.ofUser(null, ME))).thenReturn(Mono.just(new PayoutQueue.Standing(3, 10, PAYOUT)));

        asMe().post().uri(MINE).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.position").isEqualTo(3).jsonPath("$.queueLength").isEqualTo(10)
                .jsonPath("$.estimatedPayoutDate").isNotEmpty();
    }

    @Test
    void joiningTwiceOrWithoutAnActiveMembershipIsAConflict() {
        when(queue.join(ME, EventMetadata.ofUser(null, ME))).thenReturn(Mono.error(new Conflict("You are in the queue already.")));

        problem(asMe().post().uri(MINE).exchange(), 409).jsonPath("$.title").isEqualTo("Conflict");
    }

    @Test
    void myPlaceWhenIAmNotQueuedIsA404Problem() {
        when(queue.standing(ME)).thenReturn(Mono.error(new NotFound("queue entry")));

        problem(asMe().get().uri(MINE).exchange(), 404).jsonPath("$.detail").isEqualTo("no such queue entry");
    }

    @Test
    void leavingIs204() {
        when(queue.leave(ME, EventMetadata.ofUser(null, ME))).thenReturn(Mono.empty());

        asMe().delete().uri(MINE).exchange().expectStatus().isNoContent();
        verify(queue).leave(ME, EventMetadata.ofUser(null, ME));
    }

    @Test
    void membersCannotMoveAnyone() {
        problem(move(asMe(), ME, Map.of("position", 1, "reason", "mine")), 403);
        verifyNoInteractions(queue);
    }

    @Test
    void anOperatorsMoveIsTheirsWithTheReason() {
        UUID member = UUID.randomUUID();
        when(queue.move(OPERATOR, member, 1, "hardship case approved by the board", EventMetadata.ofUser(null, OPERATOR)))
                .thenReturn(Mono.just(new PayoutQueue.Standing(1, 150, PAYOUT)));

        move(asOperator(), member, Map.of("position", 1, "reason", "hardship case approved by the board"))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.position").isEqualTo(1);
    }

    @Test
    void aMoveWithoutAReasonIsRefused() {
        invalidField(move(asOperator(), UUID.randomUUID(), Map.of("position", 1)), "reason");
        verifyNoInteractions(queue);
    }

    @Test
    void aPositionBelowOneIsRefused() {
        invalidField(move(asOperator(), UUID.randomUUID(), Map.of("position", 0, "reason", "why not")), "position");
        verifyNoInteractions(queue);
    }

    @Test
    void aPositionSentAsTextIsRefusedNotCoerced() {
        invalidField(move(asOperator(), UUID.randomUUID(), "{\"position\":\"1\",\"reason\":\"why not\"}"), "position");
        verifyNoInteractions(queue);
    }

    @Test
    void aTooLongReasonIsRefused() {
        invalidField(move(asOperator(), UUID.randomUUID(), Map.of("position", 1, "reason", "r".repeat(501))), "reason");
        verifyNoInteractions(queue);
    }

    @Test
    void aNulCharacterInTheReasonIsRefused() {
        // the JSON escape of NUL, backslash doubled for Java
        invalidField(move(asOperator(), UUID.randomUUID(), "{\"position\":1,\"reason\":\"why\\u0000not\"}"), "reason")
                .jsonPath("$.errors[0].message").isEqualTo("must not contain a NUL character");
        verifyNoInteractions(queue);
    }

    @Test
    void aLoneSurrogateInTheReasonIsRefused() {
        invalidField(move(asOperator(), UUID.randomUUID(), "{\"position\":1,\"reason\":\"why\\ud800not\"}"), "reason")
                .jsonPath("$.errors[0].message").isEqualTo("must be valid Unicode (a lone surrogate)");
        verifyNoInteractions(queue);
    }
}
