package app.platform.billing.provider.adapter.out.persistence;

import app.platform.billing.provider.application.WebhookLog;
import app.platform.billing.provider.application.ProviderWebhooks;
import java.util.Locale;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class R2dbcWebhookLog implements WebhookLog {

    private final DatabaseClient db;

    R2dbcWebhookLog(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Boolean> processed(UUID id, String providerId, String type) {
        return db.sql("""
                        INSERT INTO provider_webhooks (id, provider_id, type, outcome) VALUES (:id, :pid, :type, 'processed')
                        ON CONFLICT (provider_id) WHERE outcome = 'processed' DO NOTHING""")
                .bind("id", id).bind("pid", providerId).bind("type", type)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    @Override
    public Mono<Void> noted(UUID id, String providerId, String type, ProviderWebhooks.Result outcome, String reason) {
        var spec = db.sql("INSERT INTO provider_webhooks (id, provider_id, type, outcome, reason) VALUES (:id, :pid, :type, :outcome, :reason)")
                .bind("id", id).bind("outcome", outcome.name().toLowerCase(Locale.ROOT));
        spec = providerId == null ? spec.bindNull("pid", String.class) : spec.bind("pid", providerId);
        spec = type == null ? spec.bindNull("type", String.class) : spec.bind("type", type);
        return (reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason)).then();
    }
}
