package app.platform.gateway.readonly;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Whether the platform is read-only, as cdc-relay says ({@code GET /api/cutover/mode}): it is while a failback to
 * the legacy app runs, when a change accepted here would be made after the data was carried back. Asked every
 * {@code gateway.read-only.poll}, without blocking; an ask still running when the next is due skips it. While cdc-relay
 * does not answer (or not with 2xx) the last answer stands: an outage of the relay neither opens nor closes the
 * platform; a warning is logged once per outage. Writable until the first answer.
 */
@Component
public class PlatformMode implements SmartLifecycle {

    /** cdc-relay's answer: read-only or not, since when and why (both {@code null} when it does not say). */
    public record State(boolean readOnly, Instant since, String reason) {

        static final State WRITABLE = new State(false, null, null);
    }

    private static final Logger log = LoggerFactory.getLogger(PlatformMode.class);
    private final ReadOnlySettings settings;
    private final WebClient relay;
    private final AtomicBoolean unanswered = new AtomicBoolean();
    private volatile State state = State.WRITABLE;
    private volatile Disposable polling;

    PlatformMode(ReadOnlySettings settings) {
        this.settings = settings;
        this.relay = WebClient.builder().baseUrl(settings.relayUrl()).build();
    }

    public boolean readOnly() {
        return state.readOnly();
    }

    /** The last answer, whole: read once, its fields belong together. */
    public State current() {
        return state;
    }

    private Mono<Void> ask() {
        return relay.get().uri("/api/cutover/mode").retrieve().bodyToMono(State.class)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("an empty answer")))
                .timeout(settings.timeout())
                .doOnNext(this::take)
                .onErrorResume(e -> {
                    if (unanswered.compareAndSet(false, true)) {
                        log.warn("read-only mode: cdc-relay does not answer ({}); the platform stays {} until it does",
                                e.toString(), state.readOnly() ? "read-only" : "writable");
                    }
                    return Mono.empty();
                })
                .then();
    }

    private void take(State answer) {
        if (unanswered.compareAndSet(true, false)) {
            log.info("read-only mode: cdc-relay answers again");
        }
        State before = state;
        state = answer;
        if (answer.readOnly() && !before.readOnly()) {
            log.warn("read-only mode: the platform is read-only since {} ({}): writes are refused", answer.since(),
                    answer.reason());
        } else if (!answer.readOnly() && before.readOnly()) {
            log.info("read-only mode: the platform is writable again");
        }
    }

    @Override
    public void start() {
        polling = Flux.interval(Duration.ZERO, settings.poll())
                .onBackpressureDrop()
                .flatMap(tick -> ask(), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = polling;
        if (running != null) {
            running.dispose();
            polling = null;
        }
    }

    @Override
    public boolean isRunning() {
        return polling != null;
    }
}
