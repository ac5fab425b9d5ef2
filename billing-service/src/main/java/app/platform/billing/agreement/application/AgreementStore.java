package app.platform.billing.agreement.application;

import app.platform.billing.agreement.application.Agreements.Agreement;
import app.platform.billing.agreement.application.Agreements.Terms;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link Agreements}, implemented in {@code adapter.out}. */
public interface AgreementStore {
    Mono<Terms> current();

    Mono<Boolean> publish(Terms terms);

    Mono<Boolean> insert(Agreement agreement);

    Flux<Agreement> ofUser(UUID userId);

    Mono<Boolean> acceptedCurrent(UUID userId);
}
