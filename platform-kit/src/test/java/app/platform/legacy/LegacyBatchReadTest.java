package app.platform.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.events.EventJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import tools.jackson.databind.node.ObjectNode;

class LegacyBatchReadTest {

    /** Each read asked, with its keys; every key is found, its value its upper case, but "none". */
    private final List<Set<String>> reads = new ArrayList<>();
    private final LegacyBatchRead<String, String> read = new LegacyBatchRead<>(
            change -> Optional.ofNullable(change.text("id")),
            keys -> Mono.fromSupplier(() -> {
                reads.add(keys);
                return keys.stream().filter(k -> !k.equals("none")).collect(Collectors.toMap(k -> k, String::toUpperCase));
            }));

    @Test
    void inABatchEveryChangesKeyIsReadOnceAtTheFirstAskAndAChangeNotPolledReadsAlone() {
        List<LegacyChange> polled = List.of(change("a"), change("none"), change("b"), change(null));
        LegacyBatchStep.Batch batch = new LegacyBatchStep.Batch(polled);
        List<String> values = new ArrayList<>();

        Flux.fromIterable(polled).concatWith(Flux.just(change("released")))
                .concatMap(change -> read.of(change).defaultIfEmpty("-").doOnNext(values::add))
                .contextWrite(Context.of(LegacyBatchStep.Batch.class, batch))
                .blockLast();

        assertThat(values).containsExactly("A", "-", "B", "-", "RELEASED");
        assertThat(reads).containsExactly(Set.of("a", "none", "b"), Set.of("released"));
    }

    @Test
    void outsideABatchAChangeReadsForItselfAlone() {
        assertThat(read.of(change("a")).block()).isEqualTo("A");
        assertThat(read.of(change("none")).block()).isNull();
        assertThat(read.of(change(null)).block()).isNull();
        assertThat(reads).containsExactly(Set.of("a"), Set.of("none"));
    }

    private static LegacyChange change(String id) {
        ObjectNode row = EventJson.MAPPER.createObjectNode();
        row.put("id", id);
        return new LegacyChange("public.contacts", "r", row, Instant.EPOCH);
    }
}
