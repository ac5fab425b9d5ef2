package app.platform.legacy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * What a translation reads of its own tables once per polled batch, for every change of it, instead of once per
 * change ({@link ReactiveLegacyLedger#handleBatch}): each change has a key ({@code key}, none for a change that needs
 * no read), and at the batch's first use, in the batch's transaction, {@code read} gets every key of the batch's
 * changes as captured and answers the value of each it finds. A change the batch did not poll (a row its release
 * applies) or handled on its own (a batch's fallback, the sweep) reads for itself alone. Read only what the batch does
 * not change before it is used: what the batch's own changes wrote earlier in it is the translation's to know (its
 * {@link LegacyBatchStep#kept()}).
 */
public final class LegacyBatchRead<K, V> {

    private final Function<LegacyChange, Optional<K>> key;
    private final Function<Set<K>, Mono<Map<K, V>>> read;

    public LegacyBatchRead(Function<LegacyChange, Optional<K>> key, Function<Set<K>, Mono<Map<K, V>>> read) {
        this.key = key;
        this.read = read;
    }

    /** The value read for the change's key; empty when it has none or none was found. */
    public Mono<V> of(LegacyChange change) {
        Optional<K> own = key.apply(change);
        if (own.isEmpty()) {
            return Mono.empty();
        }
        K k = own.get();
        return Mono.deferContextual(ctx -> ctx.<LegacyBatchStep.Batch>getOrEmpty(LegacyBatchStep.Batch.class)
                .map(batch -> batch.read(this).flatMap(values -> values.keys().contains(k)
                        ? Mono.justOrEmpty(values.found().get(k)) : alone(k)))
                .orElseGet(() -> alone(k)));
    }

    private Mono<V> alone(K key) {
        return read.apply(Set.of(key)).flatMap(found -> Mono.justOrEmpty(found.get(key)));
    }

    /** The keys of a batch's changes, and the values found of them, read once. */
    record Values<K, V>(Set<K> keys, Map<K, V> found) {
    }

    Mono<Values<K, V>> readAll(List<LegacyChange> changes) {
        Set<K> keys = new LinkedHashSet<>();
        changes.forEach(change -> key.apply(change).ifPresent(keys::add));
        return keys.isEmpty() ? Mono.just(new Values<>(keys, Map.of()))
                : read.apply(keys).map(found -> new Values<>(keys, found));
    }
}
