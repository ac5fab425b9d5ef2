package app.platform.profile.details.adapter.in.web;

import static app.platform.testkit.ProblemAssertions.problem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.errors.VersionConflict;
import app.platform.events.EventMetadata;
import app.platform.profile.ProfileWebSlice;
import app.platform.profile.details.application.ProfileDetails;
import app.platform.web.Correlation;
import app.platform.web.Problems;
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
 * The HTTP contract of {@code /api/profile/me/profile} in a web slice: the ETag and If-Match of optimistic
 * changes, and the problems of a refused change. Which fields are valid is the domain's ({@code ProfileFieldTest});
 * the whole round trip is {@code ProfileFeaturesIT}'s.
 */
@WebFluxTest(ProfileController.class)
@ProfileWebSlice
class ProfileControllerSliceTest {

    static final UUID ME = UUID.fromString("0c9a8b7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d");
    static final EventMetadata AS_ME = EventMetadata.ofUser(null, ME);
    static final String PATH = "/api/profile/me/profile";

    @Autowired
    WebTestClient web;
    @MockitoBean
    ProfileDetails profiles;

    WebTestClient asMe() {
        return web.mutateWith(mockJwt().jwt(jwt -> jwt.subject(ME.toString())));
    }

    WebTestClient.ResponseSpec patch(Object body, String... ifMatch) {
        return asMe().patch().uri(PATH).headers(h -> {
                    if (ifMatch.length > 0) {
                        h.setIfMatch(ifMatch[0]);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void withoutATokenItIsA401Problem() {
        problem(web.get().uri(PATH).header(Correlation.HEADER, "slice-profile-0001").exchange()
                .expectHeader().valueEquals(Correlation.HEADER, "slice-profile-0001"), 401);
        verifyNoInteractions(profiles);
    }

    @Test
    void myProfileComesWithItsVersionAsETag() {
        when(profiles.read(ME)).thenReturn(Mono.just(new ProfileDetails.Profile(Map.of("displayName", "Ann"), 3)));

        asMe().get().uri(PATH).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"3\"")
                .expectBody().jsonPath("$.displayName").isEqualTo("Ann");
    }

    @Test
    void aProfileThatIsNotThereIsA404Problem() {
        when(profiles.read(ME)).thenReturn(Mono.error(new NotFound("profile")));

        problem(asMe().get().uri(PATH).exchange(), 404).jsonPath("$.detail").isEqualTo("no such profile");
    }

    @Test
    void aChangeNamesTheVersionItWasMadeOnAndGetsTheNewETag() {
        when(profiles.change(ME, Map.of("displayName", "Ann"), 0, AS_ME))
                .thenReturn(Mono.just(new ProfileDetails.Profile(Map.of("displayName", "Ann"), 1)));

        patch(Map.of("displayName", "Ann"), "\"0\"")
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody().jsonPath("$.displayName").isEqualTo("Ann");
    }

    @Test
    void withoutIfMatchTheChangeIsUnconditional() {
        when(profiles.change(eq(ME), eq(Map.of("firstName", "Gustav")), isNull(), eq(AS_ME)))
                .thenReturn(Mono.just(new ProfileDetails.Profile(Map.of("firstName", "Gustav"), 5)));

        patch(Map.of("firstName", "Gustav")).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"5\"");
    }

    @Test
    void aChangeOnAStaleVersionIsA412Problem() {
        when(profiles.change(eq(ME), any(), eq(0), eq(AS_ME))).thenReturn(Mono.error(new VersionConflict()));

        problem(patch(Map.of("displayName", "Annie"), "\"0\""), 412).jsonPath("$.title").isEqualTo("Changed meanwhile");
    }

    @Test
    void anInvalidFieldIsA400ProblemNamingIt() {
        when(profiles.change(eq(ME), any(), isNull(), eq(AS_ME)))
                .thenReturn(Mono.error(new InvalidInput("dateOfBirth", "must be in the past")));

        problem(patch(Map.of("dateOfBirth", "2999-01-01")), 400)
                .jsonPath("$.type").isEqualTo(Problems.INVALID_REQUEST.toString())
                .jsonPath("$.errors[0].field").isEqualTo("dateOfBirth")
                .jsonPath("$.errors[0].message").isEqualTo("must be in the past");
    }

    @Test
    void aNulCharacterInAnyValueIsRefusedBeforeTheApplicationSeesIt() {
        // even in a free-form body (a map), a text is read by the strict reader (the JSON escape of NUL, backslash doubled)
        problem(patch("{\"displayName\":\"A\\u0000nn\"}"), 400)
                .jsonPath("$.errors[0].field").isEqualTo("displayName")
                .jsonPath("$.errors[0].message").isEqualTo("must not contain a NUL character");
        verifyNoInteractions(profiles);
    }

    @Test
    void aBodyThatIsNotJsonIsA400Problem() {
        problem(patch("{\"displayName\":"), 400);
        verifyNoInteractions(profiles);
    }
}
