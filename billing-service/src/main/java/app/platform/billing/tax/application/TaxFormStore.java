package app.platform.billing.tax.application;

import app.platform.billing.tax.application.TaxForms.Sealed;
import app.platform.billing.tax.application.TaxForms.TaxForm;
import app.platform.billing.tax.domain.TaxFormInput;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link TaxForms}, implemented in {@code adapter.out}. */
public interface TaxFormStore {
    Mono<Void> upsert(UUID userId, TaxFormInput form, byte[] sealedTaxId, String keyId, Instant at);

    Mono<TaxForm> find(UUID userId);

    Mono<Boolean> verify(UUID userId, UUID operator, Instant at);

    Flux<Sealed> sealedWithOtherKey(String keyId);

    /** Replaces the sealed tax id read as {@code was}; false if the form changed since (a new one, already sealed anew). */
    Mono<Boolean> reseal(TaxForms.Sealed was, byte[] sealedTaxId, String keyId);
}
