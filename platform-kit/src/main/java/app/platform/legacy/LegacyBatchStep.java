package app.platform.legacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The last step of an importer's translation, done once per polled batch instead of once per change
 * ({@link ReactiveLegacyLedger#handleBatch}): each change keeps its item ({@link #keep}), and after the batch's last
 * change, in the batch's transaction, {@code flush} gets every item kept, in order (one multi-row insert and one lock
 * instead of one each per row). A change handled on its own (a batch's fallback, a release by the sweep) flushes its
 * item at once. Keep the item as the translation's last step: nothing after it may fail and roll the row back.
 */
public final class LegacyBatchStep<T> {

    private final Function<List<T>, Mono<Void>> flush;

    public LegacyBatchStep(Function<List<T>, Mono<Void>> flush) {
        this.flush = flush;
    }

    /** Keeps {@code item} for the end of the batch being handled, or flushes it now outside one. */
    public Mono<Void> keep(T item) {
        return Mono.deferContextual(ctx -> ctx.<Batch>getOrEmpty(Batch.class)
                .map(batch -> {
                    batch.items(this).add(item);
                    return Mono.<Void>empty();
                })
                .orElseGet(() -> flush.apply(List.of(item))));
    }

    /** What the batch being handled kept so far, in order (not flushed yet); nothing outside a batch. */
    public Mono<List<T>> kept() {
        return Mono.deferContextual(ctx -> Mono.just(ctx.<Batch>getOrEmpty(Batch.class)
                .map(batch -> List.copyOf(batch.items(this))).orElse(List.of())));
    }

    /**
     * One polled batch being handled: its changes, what each step kept (flushed in the order the steps were first
     * used), and what each {@link LegacyBatchRead} read of it.
     */
    static final class Batch {

        private final List<LegacyChange> changes;
        private final Map<LegacyBatchStep<?>, List<Object>> kept = new LinkedHashMap<>();
        private final Map<LegacyBatchRead<?, ?>, Mono<?>> reads = new java.util.HashMap<>();

        Batch(List<LegacyChange> changes) {
            this.changes = changes;
        }

        /** What {@code read} read for the batch, read at the first ask (the batch's changes are handled in turn). */
        @SuppressWarnings("unchecked")
        <K, V> Mono<LegacyBatchRead.Values<K, V>> read(LegacyBatchRead<K, V> read) {
            return (Mono<LegacyBatchRead.Values<K, V>>) reads.computeIfAbsent(read, r -> read.readAll(changes).cache());
        }

        @SuppressWarnings("unchecked")
        <T> List<T> items(LegacyBatchStep<T> step) {
            return (List<T>) kept.computeIfAbsent(step, s -> new ArrayList<>());
        }

        Mono<Void> flush() {
            return Flux.fromIterable(kept.keySet()).concatMap(this::flush).then();
        }

        private <T> Mono<Void> flush(LegacyBatchStep<T> step) {
            List<T> items = items(step);
            // flushed outside the batch: what the flush itself keeps is flushed at once, not added to a list read now
            return items.isEmpty() ? Mono.empty()
                    : step.flush.apply(List.copyOf(items)).contextWrite(ctx -> ctx.delete(Batch.class));
        }
    }
}
