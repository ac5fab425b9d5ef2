package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

/**
 * Neither card numbers nor tax ids in the logs (request bodies are logged at DEBUG for these tests) or the events.
 * The logs are captured from the context's start, so this class has a context of its own (the property below only
 * makes its configuration differ), on the same database.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "billing.test.captured-logs=true")
class SensitiveDataIT extends BillingFeaturesBase {

    @Test
    void neitherCardNumbersNorTaxIdsReachTheLogsOrTheEvents(CapturedOutput output) {
        String pan = "4000056655665556";
        String taxId = "078051120";
        UUID user = member("tok_visa");
        String me = token(user);
        call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", pan));
        call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "4000-0566-5566-5556"));
        call(me, HttpMethod.PUT, "/api/billing/me/tax-form", Map.of("kind", "W-9", "legalName", "Test Person", "country", "US", "taxId", taxId));
        call(me, HttpMethod.PUT, "/api/billing/me/tax-form", Map.of("kind", "W-8BEN", "legalName", "Test Person", "country", "US",
                "taxId", taxId));
        subscribe(user, "basic");
        assertThat(count("SELECT count(*) FROM tax_forms WHERE user_id = '" + user + "'")).isEqualTo(1);

        // the service's JSON decoder logs every request body at DEBUG (on for this class): they were logged, masked
        String logs = output.getAll();
        assertThat(logs).contains("Decoded [").doesNotContain(pan).doesNotContain("4000-0566-5566-5556").doesNotContain(taxId);
        List<String> everything = db.sql("SELECT payload::text FROM outbox").map(r -> r.get(0, String.class)).all().collectList().block();
        assertThat(everything).isNotEmpty().noneMatch(p -> p.contains(pan) || p.contains("4000-0566") || p.contains(taxId));
        assertThat(count("SELECT count(*) FROM user_payment_methods WHERE provider_token LIKE '%5556%'")).isZero();
    }
}
