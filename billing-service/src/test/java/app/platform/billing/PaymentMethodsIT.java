package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Cards as the provider's tokens, never numbers; the default card of a live subscription stays. */
class PaymentMethodsIT extends BillingFeaturesBase {

    /** A member's first cards added at once (two tabs): each is added, one of them the default. */
    @Test
    void firstCardsAddedAtOnceAreAllAddedAndOneIsTheDefault() {
        UUID user = UUID.randomUUID();
        String me = token(user);
        var adds = java.util.stream.IntStream.range(0, 6).parallel()
                .mapToObj(i -> call(me, HttpMethod.POST, "/api/billing/me/payment-methods",
                        Map.of("token", i % 2 == 0 ? "tok_visa" : "tok_mastercard")))
                .toList();
        assertThat(adds).extracting(Reply::status).containsOnly(201);
        assertThat(adds).filteredOn(r -> r.body().path("isDefault").asBoolean()).hasSize(1);
    }

    @Test
    void cardsAreProviderTokensAndTheDefaultOfALiveSubscriptionStays() {
        assertThat(call(null, HttpMethod.GET, "/api/billing/me/payment-methods", null).status()).isEqualTo(401);
        assertThat(call(null, HttpMethod.GET, "/actuator/health/readiness", null).status()).isEqualTo(200);
        UUID user = UUID.randomUUID();
        String me = token(user);
        Reply number = call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "4242 4242 4242 4242"));
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.body().path("errors").get(0).path("field").asString()).isEqualTo("token");
        assertThat(number.body().toString()).doesNotContain("4242 4242");
        assertThat(call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "tok_unknown")).status()).isEqualTo(400);

        Reply visa = call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "tok_visa"));
        assertThat(visa.status()).isEqualTo(201);
        assertThat(visa.text("brand")).isEqualTo("visa");
        assertThat(visa.text("last4")).isEqualTo("4242");
        assertThat(visa.body().path("isDefault").asBoolean()).isTrue();
        assertThat(visa.body().has("providerToken")).isFalse();
        Reply mastercard = call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "tok_mastercard"));
        assertThat(mastercard.body().path("isDefault").asBoolean()).isFalse();
        assertThat(events("PaymentMethodAdded", visa.text("id"))).singleElement().asString().contains("\"last4\": \"4242\"");

        acceptTerms(user);
        assertThat(subscribe(user, "basic").status()).isEqualTo(201);
        assertThat(call(me, HttpMethod.DELETE, "/api/billing/me/payment-methods/" + visa.text("id"), null).status()).isEqualTo(409);
        assertThat(call(me, HttpMethod.POST, "/api/billing/me/payment-methods/" + mastercard.text("id") + "/default", null)
                .body().path("isDefault").asBoolean()).isTrue();
        Reply list = call(me, HttpMethod.GET, "/api/billing/me/payment-methods", null);
        assertThat(list.body().findValuesAsString("last4")).containsExactly("4242", "4444");
        // the subscription names the card it started with: that one stays even when no longer the default
        assertThat(call(me, HttpMethod.DELETE, "/api/billing/me/payment-methods/" + visa.text("id"), null).status()).isEqualTo(409);
        assertThat(call(token(UUID.randomUUID()), HttpMethod.POST, "/api/billing/me/payment-methods/" + visa.text("id") + "/default",
                null).status()).isEqualTo(404);

        // the member moves the subscription to the other card; then the first one can go
        String sub = call(me, HttpMethod.GET, "/api/billing/me/subscriptions", null).body().get(0).path("id").asString();
        UUID other = member("tok_visa");
        String othersCard = call(token(other), HttpMethod.GET, "/api/billing/me/payment-methods", null).body().get(0)
                .path("id").asString();
        String path = "/api/billing/me/subscriptions/" + sub + "/payment-method";
        assertThat(call(me, HttpMethod.POST, path, Map.of("paymentMethodId", othersCard)).status()).isEqualTo(404);
        assertThat(call(me, HttpMethod.POST, path, Map.of()).status()).isEqualTo(400);
        assertThat(call(token(other), HttpMethod.POST, path, Map.of("paymentMethodId", othersCard)).status()).isEqualTo(404);
        Reply moved = call(me, HttpMethod.POST, path, Map.of("paymentMethodId", mastercard.text("id")));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.text("paymentMethodId")).isEqualTo(mastercard.text("id"));
        assertThat(call(me, HttpMethod.DELETE, "/api/billing/me/payment-methods/" + visa.text("id"), null).status()).isEqualTo(204);
    }
}
