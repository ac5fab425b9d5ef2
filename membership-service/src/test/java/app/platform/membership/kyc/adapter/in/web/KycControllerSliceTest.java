package app.platform.membership.kyc.adapter.in.web;

import static app.platform.testkit.ProblemAssertions.problem;
import static app.platform.testkit.ProblemAssertions.invalidField;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

import app.platform.errors.Conflict;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.membership.MembershipWebSlice;
import app.platform.membership.kyc.application.Verifications;
import app.platform.membership.kyc.domain.KycDocument;
import app.platform.membership.kyc.domain.KycStatus;
import app.platform.security.PlatformRoles;
import app.platform.web.Correlation;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
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
 * The HTTP contract of identity verification in a web slice: a member submits documents (bounded and checked here,
 * the document rules are the domain's and run for real), operators review. Verifications is a mock; the whole flow
 * is {@code MembershipFeaturesIT}'s.
 */
@WebFluxTest(KycController.class)
@MembershipWebSlice
class KycControllerSliceTest {

    static final UUID ME = UUID.fromString("3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d");
    static final UUID OPERATOR = UUID.fromString("9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a");
    static final String MINE = "/api/membership/me/kyc";
    static final String PASSPORT = "docs://k3f9-a81c-passport";

    @Autowired
    WebTestClient web;
    @MockitoBean
    Verifications verifications;

    WebTestClient asMe() {
        return web.mutateWith(mockJwt().jwt(jwt -> jwt.subject(ME.toString())));
    }

    /** An operator's token as identity issues it ({@code app_metadata.role}), mapped to roles as the service maps it. */
    WebTestClient asOperator() {
        return web.mutateWith(mockJwt().jwt(jwt -> jwt.subject(OPERATOR.toString())
                .claim("app_metadata", Map.of("role", "admin"))
                .claim("aal", "aal2").claim("auth_time", java.time.Instant.now())).authorities(PlatformRoles::of));
    }

    WebTestClient.ResponseSpec submit(Object body) {
        return asMe().post().uri(MINE).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    static Map<String, Object> document(String type, String country, String reference) {
        return Map.of("type", type, "country", country, "reference", reference);
    }

    static Verifications.Verification submitted(List<KycDocument> documents) {
        return new Verifications.Verification(ME, KycStatus.SUBMITTED, documents, null,
                Instant.parse("2026-01-01T00:00:00Z"), null, null);
    }

    @Test
    void withoutATokenItIsA401ProblemAndTheCorrelationIdIsEchoed() {
        problem(web.post().uri(MINE).header(Correlation.HEADER, "slice-kyc-00000001").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("documents", List.of(document("passport", "DE", PASSPORT)))).exchange()
                .expectHeader().valueEquals(Correlation.HEADER, "slice-kyc-00000001"), 401);
        verifyNoInteractions(verifications);
    }

    @Test
    void submittedDocumentsAreTheDomainsCanonicalOnesForTheTokensSubject() {
        // the country is trimmed and upper-cased by the domain before the application sees it
        List<KycDocument> canonical = List.of(new KycDocument("passport", "DE", PASSPORT));
        when(verifications.submit(ME, canonical, EventMetadata.ofUser(null, ME))).thenReturn(Mono.just(submitted(canonical)));

        submit(Map.of("documents", List.of(document("passport", " de ", PASSPORT))))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("SUBMITTED").jsonPath("$.documents[0].country").isEqualTo("DE");
    }

    @Test
    void aReferenceThatLooksLikeADocumentNumberIsRefusedByTheDomain() {
        invalidField(submit(Map.of("documents", List.of(document("passport", "DE", "docs://passport-123456789")))),
                "documents.reference");
        verifyNoInteractions(verifications);
    }

    @Test
    void noDocumentsIsRefused() {
        invalidField(submit(Map.of()), "documents");
        verifyNoInteractions(verifications);
    }

    @Test
    void moreThanFiveDocumentsAreRefused() {
        invalidField(submit(Map.of("documents", Collections.nCopies(6, document("passport", "DE", PASSPORT)))), "documents");
        verifyNoInteractions(verifications);
    }

    @Test
    void aTooLongTypeIsRefusedNamingTheDocument() {
        invalidField(submit(Map.of("documents", List.of(document("t".repeat(33), "DE", PASSPORT)))), "documents[0].type");
        verifyNoInteractions(verifications);
    }

    @Test
    void aNumberWhereATextBelongsIsRefusedNamingItsPath() {
        invalidField(submit("{\"documents\":[{\"type\":\"passport\",\"country\":276,\"reference\":\"" + PASSPORT + "\"}]}"),
                "documents[0].country")
                .jsonPath("$.errors[0].message").isEqualTo("must be a string");
        verifyNoInteractions(verifications);
    }

    @Test
    void aNulCharacterIsRefused() {
        // the JSON escape of NUL, backslash doubled for Java
        invalidField(submit("{\"documents\":[{\"type\":\"passport\",\"country\":\"DE\",\"reference\":\"docs://k3f9\\u0000a81c\"}]}"),
                "documents[0].reference")
                .jsonPath("$.errors[0].message").isEqualTo("must not contain a NUL character");
        verifyNoInteractions(verifications);
    }

    @Test
    void aLoneSurrogateIsRefused() {
        invalidField(submit("{\"documents\":[{\"type\":\"passport\",\"country\":\"D\\udc00\",\"reference\":\"" + PASSPORT + "\"}]}"),
                "documents[0].country")
                .jsonPath("$.errors[0].message").isEqualTo("must be valid Unicode (a lone surrogate)");
        verifyNoInteractions(verifications);
    }

    @Test
    void submittingDuringAReviewIsAConflict() {
        when(verifications.submit(eq(ME), anyList(), any()))
                .thenReturn(Mono.error(new Conflict("Documents can be submitted before a review or after a rejection or expiry, not when in_review.")));

        problem(submit(Map.of("documents", List.of(document("passport", "DE", PASSPORT)))), 409)
                .jsonPath("$.title").isEqualTo("Conflict");
    }

    @Test
    void membersCannotReview() {
        problem(asMe().post().uri("/api/membership/admin/kyc/" + ME + "/review").exchange(), 403);
        verifyNoInteractions(verifications);
    }

    @Test
    void approvingWhatIsNotInReviewIsAConflict() {
        UUID member = UUID.randomUUID();
        when(verifications.approve(OPERATOR, member, EventMetadata.ofUser(null, OPERATOR)))
                .thenReturn(Mono.error(new Conflict("Cannot approve a verification that is submitted.")));

        problem(asOperator().post().uri("/api/membership/admin/kyc/" + member + "/approve").exchange(), 409)
                .jsonPath("$.detail").isEqualTo("Cannot approve a verification that is submitted.");
    }

    @Test
    void reviewingAVerificationThatIsNotThereIsA404Problem() {
        UUID member = UUID.randomUUID();
        when(verifications.startReview(OPERATOR, member)).thenReturn(Mono.error(new NotFound("verification")));

        problem(asOperator().post().uri("/api/membership/admin/kyc/" + member + "/review").exchange(), 404)
                .jsonPath("$.detail").isEqualTo("no such verification");
    }

    @Test
    void anUnknownStatusFilterIsRefused() {
        invalidField(asOperator().get().uri("/api/membership/admin/kyc?status=pending").exchange(), "status");
        verifyNoInteractions(verifications);
    }

    @Test
    void aTooLongRejectionReasonIsRefused() {
        invalidField(asOperator().post().uri("/api/membership/admin/kyc/" + ME + "/reject").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "r".repeat(33))).exchange(), "reason");
        verifyNoInteractions(verifications);
    }
}
