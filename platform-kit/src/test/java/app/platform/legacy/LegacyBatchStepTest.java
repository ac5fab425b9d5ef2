package app.platform.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

class LegacyBatchStepTest {

    private final List<List<String>> flushed = new ArrayList<>();
    private final LegacyBatchStep<String> step = new LegacyBatchStep<>(items -> Mono.fromRunnable(() -> flushed.add(items)));

    @Test
    void outsideABatchEachItemIsFlushedAtOnce() {
        step.keep("a").block();
        step.keep("b").block();

        assertThat(flushed).containsExactly(List.of("a"), List.of("b"));
        assertThat(step.kept().block()).isEmpty();
    }

    @Test
    void inABatchTheItemsAreFlushedOnceInOrderAfterTheLastChange() {
        LegacyBatchStep<String> other = new LegacyBatchStep<>(items -> Mono.fromRunnable(() -> flushed.add(List.of("other", items.get(0)))));
        LegacyBatchStep.Batch batch = new LegacyBatchStep.Batch(List.of());
        List<List<String>> seen = new ArrayList<>();

        Flux.just("a", "b", "c")
                .concatMap(item -> step.kept().doOnNext(seen::add).then(item.equals("b") ? other.keep(item) : step.keep(item)))
                .then(Mono.fromRunnable(() -> assertThat(flushed).isEmpty()))
                .then(Mono.defer(batch::flush))
                .contextWrite(Context.of(LegacyBatchStep.Batch.class, batch))
                .block();

        assertThat(seen).containsExactly(List.of(), List.of("a"), List.of("a"));
        assertThat(flushed).containsExactly(List.of("a", "c"), List.of("other", "b"));
    }
}
