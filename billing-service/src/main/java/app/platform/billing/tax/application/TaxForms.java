package app.platform.billing.tax.application;

import app.platform.billing.tax.domain.TaxFormInput;
import app.platform.crypto.KeyCipher;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.billing.TaxFormSubmitted;
import app.platform.outbox.ReactiveOutbox;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Mono;

/**
 * Tax forms of members who receive payouts: {@code missing → submitted → verified}. The tax id is sealed with
 * AES-256-GCM under the current key of {@code billing.tax-id.keys} (named keys, so a key can be rotated: old rows
 * stay readable under their key until {@link #rotate} re-seals them); only its last 4 are ever returned.
 */
@Service
public class TaxForms {

    public record TaxForm(UUID userId, String kind, String legalName, String country, String taxIdLast4, String status,
                          Instant submittedAt, Instant verifiedAt) {

        public static TaxForm missing(UUID userId) {
            return new TaxForm(userId, null, null, null, null, "missing", null, null);
        }
    }

    public record Sealed(UUID userId, byte[] taxId, String keyId) {
    }

    private final TaxFormStore store;
    private final ReactiveOutbox outbox;
    private final Clock clock;
    private final Map<String, KeyCipher> keys = new TreeMap<>();
    private final String currentKey;

    public TaxForms(TaxFormStore store, ReactiveOutbox outbox, Clock clock, TaxIdSettings settings) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        settings.keys().forEach((id, key) -> keys.put(id, new KeyCipher(key)));
        String currentKey = settings.currentKey();
        if (currentKey == null || !keys.containsKey(currentKey)) {
            throw new IllegalStateException("billing.tax-id.current-key names no key of billing.tax-id.keys");
        }
        this.currentKey = currentKey;
    }

    public Mono<TaxForm> mine(UUID userId) {
        return store.find(userId).defaultIfEmpty(TaxForm.missing(userId));
    }

    /** Submits or replaces the form: it is {@code submitted} again until an operator verifies it. */
    @Transactional
    public Mono<TaxForm> submit(UUID userId, TaxFormInput input, EventMetadata metadata) {
        return Mono.fromCallable(input::validated).flatMap(form -> {
            Instant now = clock.instant();
            byte[] sealed = keys.get(currentKey).encrypt(form.taxId().getBytes(StandardCharsets.UTF_8));
            return store.upsert(userId, form, sealed, currentKey, now)
                    .then(outbox.append(new TaxFormSubmitted(userId, form.kind(), now), metadata))
                    .then(store.find(userId));
        });
    }

    public Mono<TaxForm> verify(UUID userId, UUID operator) {
        return store.verify(userId, operator, clock.instant()).flatMap(found -> found ? store.find(userId)
                : Mono.error(new NotFound("tax form")));
    }

    /**
     * Re-seals every tax id under the current key; the number re-sealed. A form the member replaced meanwhile is left
     * as it is: it was sealed under the current key, and its old tax id must not come back over it.
     */
    public Mono<Long> rotate() {
        return store.sealedWithOtherKey(currentKey)
                .concatMap(s -> store.reseal(s, keys.get(currentKey).encrypt(reveal(s)), currentKey))
                .filter(Boolean::booleanValue)
                .count();
    }

    /** The tax id in the clear, for the payout provider's tax reporting only (never returned by the API). */
    public byte[] reveal(Sealed sealed) {
        KeyCipher key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("tax id sealed under a retired key " + sealed.keyId() + ": configure it again");
        }
        return key.decrypt(sealed.taxId());
    }
}
