package app.platform.profile.contact.adapter.in.web;

import static app.platform.testkit.ProblemAssertions.problem;
import static app.platform.testkit.ProblemAssertions.invalidField;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.profile.ProfileWebSlice;
import app.platform.profile.contact.application.Contacts;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The HTTP contract of {@code /api/profile/me/contacts} in a web slice: status codes, problem+json, which field a
 * refusal names, what strict JSON refuses, and that the caller is the token's subject. The application service is a
 * mock; what it does with a contact is {@code ProfileFeaturesIT}'s (real PostgreSQL and Kafka).
 */
@WebFluxTest(ContactController.class)
@ProfileWebSlice
class ContactControllerSliceTest {

    static final UUID ME = UUID.fromString("7d3f5c1e-2a4b-4c6d-8e9f-0a1b2c3d4e5f");
    static final String CORRELATION_ID = "slice-contacts-0001";
    static final String PATH = "/api/profile/me/contacts";

    @Autowired
    WebTestClient web;
    @MockitoBean
    Contacts contacts;

    /** Signed in as {@link #ME}: the token's subject is the user id. */
    WebTestClient asMe() {
        return web.mutateWith(mockJwt().jwt(jwt -> jwt.subject(ME.toString())));
    }

    WebTestClient.ResponseSpec add(Object body) {
        return asMe().post().uri(PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** An error as every service answers it: its status, problem+json, and the status again in the body. */
    /** A 400 that names the one field that is wrong. */
    static Contacts.Contact phone(UUID id, boolean primary) {
        return new Contacts.Contact(id, "phone", "mobile", "+442079460958", primary, false, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void withoutATokenItIsA401ProblemAndTheCorrelationIdIsEchoed() {
        problem(web.get().uri(PATH).header(Correlation.HEADER, CORRELATION_ID).exchange()
                        .expectHeader().valueEquals(Correlation.HEADER, CORRELATION_ID)
                        .expectHeader().exists("WWW-Authenticate"),
                401);
        verifyNoInteractions(contacts);
    }

    @Test
    void addingAContactIs201WithTheContactForTheTokensSubject() {
        when(contacts.add(eq(ME), eq("phone"), eq("mobile"), eq("+44 20 7946 0958"), eq(false), eq(EventMetadata.ofUser(null, ME))))
                .thenReturn(Mono.just(phone(UUID.randomUUID(), true)));

        add(Map.of("kind", "phone", "type", "mobile", "value", "+44 20 7946 0958"))
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.value").isEqualTo("+442079460958").jsonPath("$.primary").isEqualTo(true);
    }

    @Test
    void myContactsAreListed() {
        when(contacts.list(ME)).thenReturn(Flux.just(phone(UUID.randomUUID(), true)));

        asMe().get().uri(PATH).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].kind").isEqualTo("phone");
    }

    @Test
    void aTooLongKindIsRefusedBeforeTheApplicationSeesIt() {
        invalidField(add(Map.of("kind", "k".repeat(17), "type", "mobile", "value", "+14155550100")), "kind");
        verifyNoInteractions(contacts);
    }

    @Test
    void aMissingValueIsRefused() {
        invalidField(add(Map.of("kind", "phone", "type", "mobile")), "value");
        verifyNoInteractions(contacts);
    }

    @Test
    void aNumberWhereATextBelongsIsRefusedNotCoerced() {
        invalidField(add("{\"kind\":\"phone\",\"type\":\"mobile\",\"value\":14155550100}"), "value")
                .jsonPath("$.errors[0].message").isEqualTo("must be a string");
        verifyNoInteractions(contacts);
    }

    @Test
    void aNulCharacterIsRefused() {
        // the JSON text holds the six characters of the escape, as a client sends it (the backslash doubled for Java)
        invalidField(add("{\"kind\":\"phone\",\"type\":\"mobile\",\"value\":\"+1415\\u00005550100\"}"), "value")
                .jsonPath("$.errors[0].message").isEqualTo("must not contain a NUL character");
        verifyNoInteractions(contacts);
    }

    @Test
    void aLoneSurrogateIsRefused() {
        invalidField(add("{\"kind\":\"phone\",\"type\":\"mobile\",\"value\":\"+1415\\ud8005550100\"}"), "value")
                .jsonPath("$.errors[0].message").isEqualTo("must be valid Unicode (a lone surrogate)");
        verifyNoInteractions(contacts);
    }

    @Test
    void aRuleOfTheDomainNamesItsField() {
        when(contacts.add(eq(ME), anyString(), anyString(), anyString(), anyBoolean(), any()))
                .thenReturn(Mono.error(new InvalidInput("value", "must be a phone number in international form")));

        invalidField(add(Map.of("kind", "phone", "type", "work", "value", "12345")), "value");
    }

    @Test
    void aContactIHaveAlreadyIsAConflict() {
        when(contacts.add(eq(ME), anyString(), anyString(), anyString(), anyBoolean(), any()))
                .thenReturn(Mono.error(new Conflict("That contact is on your list already.")));

        problem(add(Map.of("kind", "phone", "type", "work", "value", "+1 415 555 0100")), 409)
                .jsonPath("$.title").isEqualTo("Conflict")
                .jsonPath("$.detail").isEqualTo("That contact is on your list already.");
    }

    @Test
    void someoneElsesContactIsNotFoundAndTheCorrelationIdIsEchoed() {
        UUID theirs = UUID.randomUUID();
        when(contacts.remove(ME, theirs, EventMetadata.ofUser(null, ME))).thenReturn(Mono.error(new NotFound("contact")));

        problem(asMe().delete().uri(PATH + "/" + theirs).header(Correlation.HEADER, CORRELATION_ID).exchange()
                        .expectHeader().valueEquals(Correlation.HEADER, CORRELATION_ID),
                404)
                .jsonPath("$.title").isEqualTo("Not found")
                .jsonPath("$.detail").isEqualTo("no such contact");
    }

    @Test
    void removingMyContactIs204() {
        UUID mine = UUID.randomUUID();
        when(contacts.remove(ME, mine, EventMetadata.ofUser(null, ME))).thenReturn(Mono.empty());

        asMe().delete().uri(PATH + "/" + mine).exchange().expectStatus().isNoContent().expectBody().isEmpty();
        verify(contacts).remove(ME, mine, EventMetadata.ofUser(null, ME));
    }

    @Test
    void anIdThatIsNoUuidIsA400Problem() {
        problem(asMe().delete().uri(PATH + "/not-a-uuid").exchange(), 400);
        verifyNoInteractions(contacts);
    }
}
