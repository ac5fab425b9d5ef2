package app.platform.audit.query.adapter.in.web;

import static app.platform.testkit.ProblemAssertions.problem;
import static app.platform.testkit.ProblemAssertions.invalidField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

import app.platform.audit.AuditWebSlice;
import app.platform.audit.query.application.AuditQueries;
import app.platform.audit.query.application.VerifyChains;
import app.platform.audit.retention.application.Retention;
import app.platform.errors.Conflict;
import app.platform.security.PlatformRoles;
import app.platform.web.Correlation;
import app.platform.web.Problems;
import java.time.Instant;
import java.util.List;
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
 * The HTTP contract of the audit log's reads in a web slice: every query parameter is checked (a 400 problem naming
 * it, never clamped), operators only for the search, the CSV defused for spreadsheets. The queries are a mock; the
 * log itself (hash chains, append-only tables) is {@code AuditIngestIT}'s and {@code RetentionIT}'s.
 */
@WebFluxTest(AuditController.class)
@AuditWebSlice
class AuditControllerSliceTest {

    static final UUID ME = UUID.fromString("4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8");
    static final UUID OPERATOR = UUID.fromString("b8a7f6e5-d4c3-4b2a-9f0e-d1c2b3a4f5e6");
    static final String MINE = "/api/audit/me/logs";
    static final String SEARCH = "/api/audit/admin/logs";

    @Autowired
    WebTestClient web;
    @MockitoBean
    AuditQueries queries;
    @MockitoBean
    VerifyChains verify;
    @MockitoBean
    Retention retention;

    WebTestClient asMe() {
        return web.mutateWith(mockJwt().jwt(jwt -> jwt.subject(ME.toString())));
    }

    WebTestClient asOperator() {
        return web.mutateWith(mockJwt().jwt(jwt -> jwt.subject(OPERATOR.toString())
                .claim("app_metadata", Map.of("role", "admin"))
                .claim("aal", "aal2").claim("auth_time", java.time.Instant.now())).authorities(PlatformRoles::of));
    }

    static AuditQueries.Row row(String aggregateId, String correlationId) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new AuditQueries.Row(7, UUID.randomUUID(), "UserRegistered", "identity.user", aggregateId, "user:" + ME,
                correlationId, at, at, "{}", null, null);
    }

    /** No Accept header, as the integration tests send it: JSON rows, and problem+json on an error. */
    WebTestClient.ResponseSpec search(WebTestClient client, String query) {
        return client.get().uri(SEARCH + query).exchange();
    }

    @Test
    void withoutATokenItIsA401ProblemAndTheCorrelationIdIsEchoed() {
        problem(web.get().uri(MINE).header(Correlation.HEADER, "slice-audit-0001").exchange()
                .expectHeader().valueEquals(Correlation.HEADER, "slice-audit-0001"), 401);
        verifyNoInteractions(queries);
    }

    @Test
    void myHistoryIsTheTokensSubjects() {
        when(queries.ofUser(ME, 0, 100)).thenReturn(Flux.just(row(ME.toString(), "corr-audit-1")));

        asMe().get().uri(MINE).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].eventType").isEqualTo("UserRegistered");
    }

    @Test
    void aServicesTokenBelongsToNoUserSoItHasNoHistory() {
        problem(web.mutateWith(mockJwt().jwt(jwt -> jwt.subject("platform-services").claim("scope", List.of("services"))))
                .get().uri(MINE).exchange(), 403)
                .jsonPath("$.title").isEqualTo("Not allowed")
                .jsonPath("$.detail").isEqualTo("This token does not belong to a user.");
        verifyNoInteractions(queries);
    }

    @Test
    void aPageSizeOutOfBoundsIsRefusedNotClamped() {
        invalidField(asMe().get().uri(MINE + "?limit=0").exchange(), "limit");
        invalidField(asMe().get().uri(MINE + "?limit=501").exchange(), "limit");
        invalidField(asMe().get().uri(MINE + "?after=-1").exchange(), "after");
        verifyNoInteractions(queries);
    }

    @Test
    void aPageSizeThatIsNoNumberIsA400Problem() {
        problem(asMe().get().uri(MINE + "?limit=many").exchange(), 400);
        verifyNoInteractions(queries);
    }

    @Test
    void membersCannotSearch() {
        problem(search(asMe(), ""), 403);
        verifyNoInteractions(queries);
    }

    @Test
    void operatorsSearchByCorrelationId() {
        when(queries.search(new AuditQueries.Filter(null, null, null, null, null, null, "corr-audit-1", 0, 100)))
                .thenReturn(Flux.just(row("a-1", "corr-audit-1")));

        search(asOperator(), "?correlationId=corr-audit-1")
                .expectStatus().isOk()
                .expectBody().jsonPath("$[0].correlationId").isEqualTo("corr-audit-1");
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsRefused() {
        invalidField(search(asOperator(), "?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), "from");
        verifyNoInteractions(queries);
    }

    @Test
    void aTextFilterLongerThanItsColumnIsRefused() {
        invalidField(search(asOperator(), "?type=" + "t".repeat(256)), "type");
        verifyNoInteractions(queries);
    }

    @Test
    void aNulInAQueryParameterIsRefusedBeforeAnyQuery() {
        problem(asOperator().get().uri(uri -> uri.path(SEARCH).queryParam("type", "a\u0000b").build()).exchange(), 400)
                .jsonPath("$.detail").isEqualTo(Problems.PARAMETER_REFUSED);
        verifyNoInteractions(queries);
    }

    @Test
    void aUserThatIsNoUuidIsA400Problem() {
        problem(search(asOperator(), "?user=someone"), 400);
        verifyNoInteractions(queries);
    }

    @Test
    void theCsvExportDefusesFormulas() {
        when(queries.search(new AuditQueries.Filter(null, null, null, null, null, null, null, 0, 100)))
                .thenReturn(Flux.just(row("=HYPERLINK(\"http://evil.example\")", "corr-audit-2")));

        asOperator().get().uri(SEARCH).accept(MediaType.parseMediaType("text/csv")).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv")
                .expectBody(String.class).value(csv -> assertThat(csv)
                        .startsWith("id,event_id,event_type")
                        .contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""));
    }

    @Test
    void theCsvExportDefusesFormulasOnEveryLineOfAValueAndAfterATab() {
        when(queries.search(new AuditQueries.Filter(null, null, null, null, null, null, null, 0, 100)))
                .thenReturn(Flux.just(row("a note\n=HYPERLINK(\"http://evil.example\")", "\t=1+1")));

        asOperator().get().uri(SEARCH).accept(MediaType.parseMediaType("text/csv")).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(csv -> assertThat(csv)
                        .contains("\"a note\n'=HYPERLINK(\"\"http://evil.example\"\")\"")
                        .contains("\"'\t=1+1\"")
                        .doesNotContain("\n=HYPERLINK").doesNotContain("\"\t=1+1"));
    }

    @Test
    void theChainsAreVerifiedForOperators() {
        when(verify.verify()).thenReturn(Mono.just(new VerifyChains.Report(true, 3, null, null, 0, 0, Map.of())));

        asOperator().get().uri("/api/audit/admin/verify").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.intact").isEqualTo(true).jsonPath("$.systemRows").isEqualTo(3);
    }

    @Test
    void pruningWithoutThePrunersCredentialsIsAConflict() {
        when(retention.run()).thenReturn(Mono.error(new Conflict("the pruner's credentials are not configured")));

        problem(asOperator().post().uri("/api/audit/admin/retention/run").exchange(), 409)
                .jsonPath("$.title").isEqualTo("Conflict");
    }
}
