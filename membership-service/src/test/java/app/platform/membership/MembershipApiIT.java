package app.platform.membership;

import app.platform.testkit.LocalWeb;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestTokenIssuer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The service boots on its migrated schema, demands a valid token, and shows a member only their own rows. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MembershipApiIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void close() {
        issuer.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;

    @Test
    void aMemberSeesOnlyTheirOwnRows() {
        UUID me = UUID.randomUUID();
        UUID someoneElse = UUID.randomUUID();
        for (UUID owner : new UUID[] {me, someoneElse}) {
            db.sql("INSERT INTO user_memberships (id, user_id, plan, status) VALUES (gen_random_uuid(), :user, 'gold', 'active')").bind("user", owner).then().block();
        }
        var web = LocalWeb.client(port);

        web.get().uri("/api/membership/memberships").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/membership/memberships").headers(h -> h.setBearerAuth(issuer.accessToken(me, "me@example.com", "authenticated")))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].userId").isEqualTo(me.toString());
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }
}
