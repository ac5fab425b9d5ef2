package app.platform.billing.tax.adapter.out.persistence;

import app.platform.billing.tax.application.TaxFormStore;
import app.platform.runtime.Times;
import app.platform.billing.tax.application.TaxForms;
import app.platform.billing.tax.domain.TaxFormInput;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcTaxFormStore implements TaxFormStore {

    private final DatabaseClient db;

    R2dbcTaxFormStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Void> upsert(UUID userId, TaxFormInput f, byte[] sealedTaxId, String keyId, Instant at) {
        return db.sql("""
                        INSERT INTO tax_forms (user_id, kind, legal_name, country, tax_id_sealed, tax_id_key, tax_id_last4, status, submitted_at)
                        VALUES (:user, :kind, :name, :country, :sealed, :key, :last4, 'submitted', :at)
                        ON CONFLICT (user_id) DO UPDATE SET kind = EXCLUDED.kind, legal_name = EXCLUDED.legal_name,
                            country = EXCLUDED.country, tax_id_sealed = EXCLUDED.tax_id_sealed, tax_id_key = EXCLUDED.tax_id_key,
                            tax_id_last4 = EXCLUDED.tax_id_last4, status = 'submitted', submitted_at = EXCLUDED.submitted_at,
                            verified_at = NULL, verified_by = NULL""")
                .bind("user", userId).bind("kind", f.kind()).bind("name", f.legalName()).bind("country", f.country())
                .bind("sealed", ByteBuffer.wrap(sealedTaxId)).bind("key", keyId).bind("last4", f.last4())
                .bind("at", Times.utc(at))
                .then();
    }

    @Override
    public Mono<TaxForms.TaxForm> find(UUID userId) {
        return db.sql("SELECT * FROM tax_forms WHERE user_id = :user").bind("user", userId)
                .map(r -> new TaxForms.TaxForm(r.get("user_id", UUID.class), r.get("kind", String.class),
                        r.get("legal_name", String.class), r.get("country", String.class), r.get("tax_id_last4", String.class),
                        r.get("status", String.class), Times.instant(r.get("submitted_at", OffsetDateTime.class)), Times.instant(r.get("verified_at", OffsetDateTime.class))))
                .one();
    }

    @Override
    public Mono<Boolean> verify(UUID userId, UUID operator, Instant at) {
        return db.sql("""
                        UPDATE tax_forms SET status = 'verified', verified_by = :operator,
                            verified_at = COALESCE(verified_at, :at) WHERE user_id = :user""")
                .bind("operator", operator).bind("at", Times.utc(at)).bind("user", userId)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    @Override
    public Flux<TaxForms.Sealed> sealedWithOtherKey(String keyId) {
        return db.sql("SELECT user_id, tax_id_sealed, tax_id_key FROM tax_forms WHERE tax_id_key <> :key").bind("key", keyId)
                .map(r -> {
                    ByteBuffer b = r.get("tax_id_sealed", ByteBuffer.class);
                    byte[] bytes = new byte[b.remaining()];
                    b.get(bytes);
                    return new TaxForms.Sealed(r.get("user_id", UUID.class), bytes, r.get("tax_id_key", String.class));
                })
                .all();
    }

    @Override
    public Mono<Boolean> reseal(TaxForms.Sealed was, byte[] sealedTaxId, String keyId) {
        return db.sql("UPDATE tax_forms SET tax_id_sealed = :sealed, tax_id_key = :key WHERE user_id = :user AND tax_id_sealed = :was")
                .bind("sealed", ByteBuffer.wrap(sealedTaxId)).bind("key", keyId).bind("user", was.userId())
                .bind("was", ByteBuffer.wrap(was.taxId())).fetch().rowsUpdated().map(n -> n > 0);
    }
}
