package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The terms: a new version must be accepted before the next charge. */
class AgreementsIT extends BillingFeaturesBase {

    @Test
    void aNewVersionOfTheTermsMustBeAcceptedBeforeTheNextCharge() {
        UUID user = member("tok_visa");
        UUID sub = UUID.fromString(subscribe(user, "basic").text("id"));
        String version = "v-" + UUID.randomUUID().toString().substring(0, 8);
        Reply published = call(admin, HttpMethod.POST, "/api/billing/admin/terms", Map.of("version", version, "text", "New terms " + version));
        assertThat(published.status()).isEqualTo(201);
        assertThat(call(token(user), HttpMethod.POST, "/api/billing/admin/terms", Map.of("version", "x", "text", "y")).status())
                .isEqualTo(403);

        makeDue(sub);
        subscriptions.chargeDue().block();
        assertThat(subscriptions.scheduleOf(sub).block().lastFailure()).isEqualTo("agreement_required");
        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'succeeded' AND subscription_id = '" + sub + "'")).isEqualTo(1);

        acceptTerms(user);
        makeDue(sub);
        subscriptions.chargeDue().block();
        assertThat(subscriptions.scheduleOf(sub).block().attempt()).isZero();
        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'succeeded' AND subscription_id = '" + sub + "'")).isEqualTo(2);
    }
}
