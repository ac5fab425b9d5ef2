package app.platform.profile;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import app.platform.events.identity.PasskeyRegistered;
import app.platform.events.identity.TwoFactorEnabled;
import app.platform.events.identity.UserDeleted;
import app.platform.events.identity.UserBanned;
import app.platform.events.identity.UserEmailChanged;
import app.platform.events.identity.UserRegistered;
import app.platform.events.identity.UserUnbanned;
import app.platform.events.schema.EventSchemaValidator;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestTokenIssuer;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * Profiles, contacts, addresses, the six settings categories, ownership and admins, export and closure, and the
 * reconciliation with identity (its user list served by a local HTTP peer speaking identity's contract).
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProfileFeaturesIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());
    static final IdentityPeer identity = new IdentityPeer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("profile.identity.url", identity::url);
        registry.add("profile.reconciliation.initial-delay", () -> "PT1H");
    }

    @AfterAll
    static void close() {
        issuer.close();
        kafka.close();
        identity.server.stop(0);
    }

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;
    @Autowired
    app.platform.profile.appuser.application.ReconciliationRuns runs;

    /** A user with an app user (made the way production makes them: from UserRegistered) and a token. */
    record User(UUID id, String token) {
    }

    User user(String email) {
        UUID id = UUID.randomUUID();
        kafka.publish(EventEnvelope.wrap(new UserRegistered(id, email, true, "password", false, Instant.now()),
                new EventMetadata("corr", "user:" + id), Instant.now()));
        String token = issuer.accessToken(id, email, "authenticated");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> call(token, HttpMethod.GET, "/api/profile/me", null)
                .expectStatus().isOk());
        return new User(id, token);
    }

    WebTestClient.ResponseSpec call(String token, HttpMethod method, String path, Object body, String... headers) {
        var request = LocalWeb.client(port).method(method).uri(path).headers(h -> {
                    h.setBearerAuth(token);
                    for (int i = 0; i < headers.length; i += 2) {
                        h.add(headers[i], headers[i + 1]);
                    }
                });
        return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json(WebTestClient.ResponseSpec response) {
        return response.expectBody(Map.class).returnResult().getResponseBody();
    }

    List<String> events(UUID user, String type) {
        List<String> payloads = db.sql("SELECT payload::text FROM outbox WHERE aggregateid = :id AND type = :type ORDER BY occurred_at")
                .bind("id", user.toString()).bind("type", type).map(r -> r.get(0, String.class)).all().collectList().block();
        payloads.forEach(EventSchemaValidator::assertValid);
        return payloads;
    }

    String text(String sql) {
        return db.sql(sql).map(r -> r.get(0, String.class)).one().block();
    }

    long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointWithoutAToken() {
        LocalWeb.client(port).get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/profile/me/settings/{category}'].patch").exists()
                .jsonPath("$.paths['/api/profile/me/contacts/{id}'].delete").exists();
    }

    @Test
    void aProfileIsValidatedAndChangedOptimistically() {
        User ann = user("ann@example.com");
        call(ann.token(), HttpMethod.GET, "/api/profile/me/profile", null).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"0\"");

        call(ann.token(), HttpMethod.PATCH, "/api/profile/me/profile", Map.of("dateOfBirth", "2999-01-01"))
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("dateOfBirth");
        call(ann.token(), HttpMethod.PATCH, "/api/profile/me/profile", Map.of("avatarUrl", "http://insecure.example/a.png"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("avatarUrl");
        call(ann.token(), HttpMethod.PATCH, "/api/profile/me/profile", Map.of("shoeSize", 42))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("shoeSize");

        call(ann.token(), HttpMethod.PATCH, "/api/profile/me/profile",
                Map.of("displayName", "Ann", "timeZone", "Europe/Paris", "dateOfBirth", "1990-04-01"), "If-Match", "\"0\"")
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody().jsonPath("$.displayName").isEqualTo("Ann").jsonPath("$.dateOfBirth").isEqualTo("1990-04-01");
        // a second writer that read version 0 loses
        call(ann.token(), HttpMethod.PATCH, "/api/profile/me/profile", Map.of("displayName", "Annie"), "If-Match", "\"0\"")
                .expectStatus().isEqualTo(412).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(events(ann.id(), "ProfileUpdated")).singleElement()
                .satisfies(p -> assertThat(p).contains("displayName").doesNotContain("Ann\"").doesNotContain("1990"));
    }

    @Test
    void contactsKeepExactlyOnePrimaryPerKindAndAreOnlyMine() {
        User bo = user("bo@example.com");
        User eve = user("eve@example.com");
        Map<String, Object> first = json(call(bo.token(), HttpMethod.POST, "/api/profile/me/contacts",
                Map.of("kind", "phone", "type", "mobile", "value", "+44 (0)20 7946 0958")).expectStatus().isCreated());
        // the (0) is the trunk prefix dialled at home, not a digit of the international number
        assertThat(first).containsEntry("value", "+442079460958").containsEntry("primary", true);
        Map<String, Object> second = json(call(bo.token(), HttpMethod.POST, "/api/profile/me/contacts",
                Map.of("kind", "phone", "type", "work", "value", "+14155550100", "primary", true)).expectStatus().isCreated());
        assertThat(second).containsEntry("primary", true);
        call(bo.token(), HttpMethod.POST, "/api/profile/me/contacts",
                Map.of("kind", "phone", "type", "work", "value", "+1 415 555 0100")).expectStatus().isEqualTo(409);
        call(bo.token(), HttpMethod.POST, "/api/profile/me/contacts",
                Map.of("kind", "phone", "type", "work", "value", "12345")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("value");
        assertThat(count("SELECT count(*) FROM user_contacts WHERE user_id = '" + bo.id() + "' AND is_primary")).isEqualTo(1);

        // Eve cannot touch Bo's contact: it does not exist for her
        call(eve.token(), HttpMethod.DELETE, "/api/profile/me/contacts/" + second.get("id"), null).expectStatus().isNotFound();
        call(eve.token(), HttpMethod.PATCH, "/api/profile/me/contacts/" + second.get("id"), Map.of("primary", true))
                .expectStatus().isNotFound();

        call(bo.token(), HttpMethod.PATCH, "/api/profile/me/contacts/" + second.get("id"), Map.of("primary", false))
                .expectStatus().isBadRequest();
        // a change says what changed (the failback's reverse stream writes the user again on it); no change, no event
        call(bo.token(), HttpMethod.PATCH, "/api/profile/me/contacts/" + first.get("id"), Map.of("type", "home"))
                .expectStatus().isOk().expectBody().jsonPath("$.type").isEqualTo("home");
        call(bo.token(), HttpMethod.PATCH, "/api/profile/me/contacts/" + first.get("id"), Map.of("type", "home")).expectStatus().isOk();
        call(bo.token(), HttpMethod.PATCH, "/api/profile/me/contacts/" + second.get("id"), Map.of("primary", true)).expectStatus().isOk();
        assertThat(events(bo.id(), "ContactChanged")).singleElement().satisfies(p -> assertThat(p).contains("\"type\"").doesNotContain("7946"));
        call(bo.token(), HttpMethod.PATCH, "/api/profile/me/contacts/" + first.get("id"), Map.of("primary", true))
                .expectStatus().isOk().expectBody().jsonPath("$.primary").isEqualTo(true);
        call(bo.token(), HttpMethod.PATCH, "/api/profile/me/contacts/" + second.get("id"), Map.of("primary", true))
                .expectStatus().isOk();
        assertThat(events(bo.id(), "ContactChanged")).hasSize(3).filteredOn(p -> p.contains("\"primary\"")).hasSize(2);
        call(bo.token(), HttpMethod.DELETE, "/api/profile/me/contacts/" + second.get("id"), null).expectStatus().isNoContent();
        // the primary went: the remaining phone takes over
        call(bo.token(), HttpMethod.GET, "/api/profile/me/contacts", null).expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].primary").isEqualTo(true);
        assertThat(events(bo.id(), "ContactAdded")).hasSize(2).noneMatch(p -> p.contains("7946"));
        assertThat(events(bo.id(), "ContactRemoved")).hasSize(1);
    }

    @Test
    void anOperatorsSuspensionOutlastsIdentitysBanAndTheBanOutlastsItsLifting() {
        User jo = user("jo@example.com");
        User admin = new User(UUID.randomUUID(), issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin"));
        String status = "SELECT status FROM users WHERE id = '" + jo.id() + "'";
        call(admin.token(), HttpMethod.POST, "/api/profile/admin/users/" + jo.id() + "/suspend", null).expectStatus().isNoContent();
        Instant now = Instant.now();
        identityEvent(new UserBanned(jo.id(), now.plusSeconds(3600), now));
        identityEvent(new UserUnbanned(jo.id(), now));
        assertThat(text(status)).as("identity's unban leaves the operator's suspension").isEqualTo("Suspended");

        identityEvent(new UserBanned(jo.id(), now.plusSeconds(3600), now));
        call(admin.token(), HttpMethod.POST, "/api/profile/admin/users/" + jo.id() + "/unsuspend", null).expectStatus().isNoContent();
        assertThat(text(status)).as("lifting the suspension leaves identity's ban").isEqualTo("Suspended");
        identityEvent(new UserUnbanned(jo.id(), now));
        assertThat(text(status)).isEqualTo("Active");
        assertThat(events(jo.id(), "AppUserStatusChanged")).map(p -> p.replaceAll(".*\"reason\": \"([a-z_]+)\".*", "$1"))
                .containsExactly("admin_suspended", "unbanned");
        call(admin.token(), HttpMethod.POST, "/api/profile/admin/users/" + UUID.randomUUID() + "/unsuspend", null)
                .expectStatus().isNotFound();
    }

    /** Publishes identity's event and waits until profile has applied it. */
    void identityEvent(app.platform.events.DomainEvent event) {
        EventEnvelope envelope = EventEnvelope.wrap(event, new EventMetadata("corr", "ops"), Instant.now());
        kafka.publish(envelope);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM processed_event WHERE event_id = '" + envelope.eventId() + "'") == 1);
    }

    @Test
    void aMemberAddsAtMostTwentyContactsOfAKindAndTwentyAddressesOfAType() {
        User ivy = user("ivy@example.com");
        for (int i = 0; i < 20; i++) {
            call(ivy.token(), HttpMethod.POST, "/api/profile/me/contacts",
                    Map.of("kind", "email", "type", "other", "value", "ivy" + i + "@example.com")).expectStatus().isCreated();
            call(ivy.token(), HttpMethod.POST, "/api/profile/me/addresses",
                    Map.of("type", "other", "line1", i + " Main St", "city", "Berlin", "country", "DE")).expectStatus().isCreated();
        }
        call(ivy.token(), HttpMethod.POST, "/api/profile/me/contacts",
                Map.of("kind", "email", "type", "other", "value", "ivy20@example.com")).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("20 e-mail addresses"));
        call(ivy.token(), HttpMethod.POST, "/api/profile/me/addresses",
                Map.of("type", "other", "line1", "20 Main St", "city", "Berlin", "country", "DE")).expectStatus().isEqualTo(409);
        // the cap is per kind and per type: a phone and a home address still fit
        call(ivy.token(), HttpMethod.POST, "/api/profile/me/contacts",
                Map.of("kind", "phone", "type", "mobile", "value", "+14155550101")).expectStatus().isCreated();
        call(ivy.token(), HttpMethod.POST, "/api/profile/me/addresses",
                Map.of("type", "home", "line1", "1 Main St", "city", "Berlin", "country", "DE")).expectStatus().isCreated();
        assertThat(count("SELECT count(*) FROM user_contacts WHERE user_id = '" + ivy.id() + "'")).isEqualTo(21);
    }

    @Test
    void addressesHaveCountryCodesAndOneDefaultPerType() {
        User cy = user("cy@example.com");
        Map<String, Object> home = Map.of("type", "home", "line1", "1 Main St", "city", "Berlin", "country", "de");
        call(cy.token(), HttpMethod.POST, "/api/profile/me/addresses", Map.of("type", "home", "line1", "x", "city", "y",
                "country", "XX")).expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("country");
        Map<String, Object> first = json(call(cy.token(), HttpMethod.POST, "/api/profile/me/addresses", home).expectStatus().isCreated());
        assertThat(first).containsEntry("country", "DE").containsEntry("isDefault", true);
        var secondBody = new java.util.HashMap<>(home);
        secondBody.put("line1", "2 Side St");
        secondBody.put("isDefault", true);
        Map<String, Object> second = json(call(cy.token(), HttpMethod.POST, "/api/profile/me/addresses", secondBody).expectStatus().isCreated());
        assertThat(count("SELECT count(*) FROM user_addresses WHERE user_id = '" + cy.id() + "' AND is_default")).isEqualTo(1);
        var moved = new java.util.HashMap<>(home);
        moved.put("line1", "3 New St");
        call(cy.token(), HttpMethod.PUT, "/api/profile/me/addresses/" + first.get("id"), moved).expectStatus().isOk()
                .expectBody().jsonPath("$.line1").isEqualTo("3 New St").jsonPath("$.isDefault").isEqualTo(false);
        call(cy.token(), HttpMethod.DELETE, "/api/profile/me/addresses/" + second.get("id"), null).expectStatus().isNoContent();
        call(cy.token(), HttpMethod.GET, "/api/profile/me/addresses", null).expectBody()
                .jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].isDefault").isEqualTo(true);
        assertThat(events(cy.id(), "AddressChanged")).hasSize(4).noneMatch(p -> p.contains("Main St"));
    }

    @Test
    void sixSettingsCategoriesWithDefaultsValidationEtagsAndTheSecurityMirror() {
        User di = user("di@example.com");
        call(di.token(), HttpMethod.GET, "/api/profile/me/settings", null).expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(6)
                .jsonPath("$.general.values.timeZone").isEqualTo("UTC")
                .jsonPath("$.notifications.values['email.security']").isEqualTo(true)
                .jsonPath("$.notifications.values['sms.marketing']").isEqualTo(false)
                .jsonPath("$.privacy.values.profileVisibility").isEqualTo("private")
                .jsonPath("$.security.values.twoFactorEnabled").isEqualTo(false);

        call(di.token(), HttpMethod.PATCH, "/api/profile/me/settings/security", Map.of("twoFactorEnabled", true))
                .expectStatus().isForbidden();
        call(di.token(), HttpMethod.PATCH, "/api/profile/me/settings/appearance", Map.of("theme", "neon"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("theme");
        call(di.token(), HttpMethod.PATCH, "/api/profile/me/settings/payment", Map.of("currency", "XYZ"))
                .expectStatus().isBadRequest();
        call(di.token(), HttpMethod.PATCH, "/api/profile/me/settings/nonsense", Map.of("a", 1)).expectStatus().isBadRequest();

        call(di.token(), HttpMethod.PATCH, "/api/profile/me/settings/privacy", Map.of("marketingConsent", true), "If-Match", "\"0\"")
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody().jsonPath("$.marketingConsent").isEqualTo(true).jsonPath("$.marketingConsentAt").isNotEmpty();
        call(di.token(), HttpMethod.PATCH, "/api/profile/me/settings/privacy", Map.of("dataSharing", true), "If-Match", "\"0\"")
                .expectStatus().isEqualTo(412);
        assertThat(events(di.id(), "SettingsChanged")).singleElement()
                .satisfies(p -> assertThat(p).contains("marketingConsent").contains("privacy").doesNotContain("true"));

        // identity's two-factor and passkey events show up in the read-only security category, each once
        var meta = new EventMetadata("corr", "user:" + di.id());
        EventEnvelope passkey = EventEnvelope.wrap(new PasskeyRegistered(di.id(), "cred-1", "Laptop", Instant.now(), false), meta, Instant.now());
        kafka.publish(EventEnvelope.wrap(new TwoFactorEnabled(di.id(), "totp", Instant.now(), true), meta, Instant.now()));
        kafka.publish(passkey);
        kafka.publish(passkey);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> call(di.token(), HttpMethod.GET,
                "/api/profile/me/settings/security", null).expectBody()
                .jsonPath("$.twoFactorEnabled").isEqualTo(true).jsonPath("$.passkeys").isEqualTo(1));
    }

    @Test
    void adminsReadAndSuspendMembersDoNotAndAClosedAccountIsATombstone() {
        User fay = user("fay@example.com");
        call(fay.token(), HttpMethod.POST, "/api/profile/me/contacts",
                Map.of("kind", "email", "type", "personal", "value", "fay.private@example.com")).expectStatus().isCreated();
        User admin = new User(UUID.randomUUID(), issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin"));

        call(fay.token(), HttpMethod.GET, "/api/profile/admin/users/" + fay.id(), null).expectStatus().isForbidden();
        call(admin.token(), HttpMethod.GET, "/api/profile/admin/users/" + fay.id(), null).expectStatus().isOk()
                .expectBody().jsonPath("$.contacts[0].value").isEqualTo("fay.private@example.com");
        call(fay.token(), HttpMethod.GET, "/api/profile/me/export", null).expectStatus().isOk().expectBody()
                .jsonPath("$.user.email").isEqualTo("fay@example.com").jsonPath("$.settings.length()").isEqualTo(6)
                .jsonPath("$.profile").exists().jsonPath("$.addresses").isArray();

        call(admin.token(), HttpMethod.POST, "/api/profile/admin/users/" + fay.id() + "/suspend", null).expectStatus().isNoContent();
        assertThat(count("SELECT count(*) FROM users WHERE id = '" + fay.id() + "' AND status = 'Suspended'")).isEqualTo(1);
        assertThat(events(fay.id(), "AppUserStatusChanged")).anyMatch(p -> p.contains("admin_suspended"));

        call(fay.token(), HttpMethod.POST, "/api/profile/me/close", null).expectStatus().isNoContent();
        call(fay.token(), HttpMethod.POST, "/api/profile/me/close", null).expectStatus().isNoContent();
        assertThat(count("SELECT count(*) FROM users WHERE id = '" + fay.id() + "' AND status = 'Closed' AND email = '' "
                + "AND erased_at IS NOT NULL")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_contacts WHERE user_id = '" + fay.id() + "'")).isZero();
        assertThat(events(fay.id(), "PersonalDataErased")).singleElement()
                .satisfies(p -> assertThat(p).doesNotContain("fay@example.com"));

        // the tombstone takes no more personal data: not from the member's token, nor from identity's new address
        call(fay.token(), HttpMethod.PATCH, "/api/profile/me/profile", Map.of("firstName", "Fay")).expectStatus()
                .isEqualTo(409).expectHeader().contentTypeCompatibleWith("application/problem+json");
        call(fay.token(), HttpMethod.POST, "/api/profile/me/contacts",
                Map.of("kind", "phone", "type", "mobile", "value", "+4915112345678")).expectStatus().isEqualTo(409);
        // the path as the handlers read it (decoded) is checked; a ;parameter is refused before any of it (400)
        for (String path : new String[] {"/api/profile/m%65/contacts", "/api/profile/me;x=1/contacts"}) { // as sent
            LocalWeb.client(port).post().uri(URI.create("http://localhost:" + port + path))
                    .headers(h -> h.setBearerAuth(fay.token())).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("kind", "phone", "type", "mobile", "value", "+4915112345678")).exchange()
                    .expectStatus().isEqualTo(path.contains(";") ? 400 : 409);
        }
        EventEnvelope moved = EventEnvelope.wrap(new UserEmailChanged(fay.id(), "fay.new@example.com", Instant.now()),
                new EventMetadata("corr-moved", "user:" + fay.id()), Instant.now());
        kafka.publish(moved);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM processed_event WHERE event_id = '"
                + moved.eventId() + "'") == 1);
        assertThat(count("SELECT count(*) FROM users WHERE id = '" + fay.id() + "' AND email = ''")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_profiles WHERE user_id = '" + fay.id() + "' AND first_name IS NULL")).isEqualTo(1);

        // someone whose app user is not made yet (identity's sign-up not consumed): 404, where a contact was a 500
        call(issuer.accessToken(UUID.randomUUID(), "early@example.com", "authenticated"), HttpMethod.POST,
                "/api/profile/me/contacts", Map.of("kind", "phone", "type", "mobile", "value", "+4915112345678"))
                .expectStatus().isNotFound().expectHeader().contentTypeCompatibleWith("application/problem+json");
    }

    /**
     * A member's two first phones added at once (two tabs): both are added and exactly one is primary; they took
     * turns, where the second failed on the one-primary index with a 500.
     */
    @Test
    void twoFirstPhonesAddedAtOnceAreBothAddedAndOneIsPrimary() {
        List<User> members = IntStream.range(0, 8).mapToObj(i -> user("two-tabs-" + i + "@example.com")).toList();
        WebClient web = WebClient.builder().baseUrl("http://localhost:" + port).build();
        List<Integer> statuses = Flux.fromIterable(members)
                .flatMap(m -> Flux.just("+4915100000001", "+4915100000002").flatMap(phone -> web.post()
                        .uri("/api/profile/me/contacts").headers(h -> h.setBearerAuth(m.token()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("kind", "phone", "type", "mobile", "value", phone))
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))))
                .collectList().block(Duration.ofMinutes(1));
        assertThat(statuses).hasSize(16).containsOnly(201);
        for (User m : members) {
            assertThat(count("SELECT count(*) FROM user_contacts WHERE user_id = '" + m.id() + "' AND kind = 'phone' AND is_primary"))
                    .as("primary phones of %s", m.id()).isEqualTo(1);
        }
    }

    @Test
    void aDeletedIdentityAccountIsErasedHereOnce() {
        User gus = user("gus@example.com");
        call(gus.token(), HttpMethod.PATCH, "/api/profile/me/profile", Map.of("firstName", "Gustav")).expectStatus().isOk();
        EventEnvelope deleted = EventEnvelope.wrap(new UserDeleted(gus.id(), "user_request", Instant.now()),
                new EventMetadata("corr-del", "user:" + gus.id()), Instant.now());
        kafka.publish(deleted);
        kafka.publish(deleted);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM users WHERE id = '" + gus.id()
                + "' AND status = 'Closed'") == 1);
        assertThat(count("SELECT count(*) FROM user_profiles WHERE user_id = '" + gus.id() + "' AND first_name IS NULL")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM processed_event WHERE event_id = '"
                + deleted.eventId() + "'") == 1);
        assertThat(events(gus.id(), "PersonalDataErased")).singleElement().satisfies(p -> assertThat(p).contains("identity_deleted"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void reconciliationGivesEveryIdentityUserAnAppUserAndReportsIt() {
        User existing = user("old@example.com");
        UUID orphan = UUID.randomUUID();
        UUID banned = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        identity.users = List.of(
                Map.of("id", existing.id().toString(), "email", "old@example.com", "emailVerified", true, "deleted", false),
                Map.of("id", orphan.toString(), "email", "orphan@example.com", "emailVerified", true, "deleted", false),
                Map.of("id", banned.toString(), "email", "banned@example.com", "emailVerified", false, "deleted", false,
                        "bannedUntil", Instant.now().plusSeconds(86400).toString()),
                Map.of("id", deleted.toString(), "email", "gone@example.com", "emailVerified", true, "deleted", true));
        String admin = issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");

        Map<String, Object> report = json(call(admin, HttpMethod.POST, "/api/profile/admin/reconciliation", null).expectStatus().isOk());
        assertThat(report).containsEntry("identityUsersChecked", 4);
        assertThat((List<Object>) report.get("repaired")).containsExactlyInAnyOrder(orphan.toString(), banned.toString());
        assertThat(identity.lastAuthorization).isEqualTo("Bearer service-token");
        assertThat(count("SELECT count(*) FROM users WHERE id = '" + orphan + "' AND status = 'Active'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM users WHERE id = '" + banned + "' AND status = 'Suspended'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM users WHERE id = '" + deleted + "'")).isZero();
        assertThat(events(orphan, "AppUserCreated")).singleElement().satisfies(p -> assertThat(p).contains("reconciled"));

        Map<String, Object> again = json(call(admin, HttpMethod.POST, "/api/profile/admin/reconciliation", null).expectStatus().isOk());
        assertThat((List<?>) again.get("repaired")).isEmpty();
        // the report is the replicas' shared one, read back from the database
        call(admin, HttpMethod.GET, "/api/profile/admin/reconciliation", null).expectStatus().isOk().expectBody()
                .jsonPath("$.identityUsersChecked").isEqualTo(4).jsonPath("$.repaired.length()").isEqualTo(0);
        // one scheduled run per interval for all replicas: the first timer claims it, the others skip
        Instant now = Instant.now();
        assertThat(runs.claim(now, now.minus(Duration.ofMinutes(7))).block()).isTrue();
        assertThat(runs.claim(now.plusSeconds(60), now.plusSeconds(60).minus(Duration.ofMinutes(7))).block()).isFalse();
        assertThat(runs.claim(now.plusSeconds(600), now.plusSeconds(600).minus(Duration.ofMinutes(7))).block()).isTrue();
    }

    /** identity-service's side of the contract: a client-credentials token and the user list, over real HTTP. */
    static final class IdentityPeer {
        final HttpServer server;
        volatile List<Map<String, Object>> users = List.of();
        volatile String lastAuthorization;

        IdentityPeer() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/oauth2/token", exchange -> respond(exchange,
                    "{\"access_token\":\"service-token\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
            server.createContext("/api/identity/internal/users", exchange -> {
                lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
                boolean firstPage = exchange.getRequestURI().getQuery() == null
                        || !exchange.getRequestURI().getQuery().contains("after=");
                respond(exchange, EventJson.MAPPER.writeValueAsString(firstPage ? users : List.of()));
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }
}
