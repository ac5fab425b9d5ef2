package app.platform.profile.settings.application;

import app.platform.events.EventMetadata;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.profile.SettingsChanged;
import app.platform.profile.settings.domain.SettingsCategory;
import app.platform.errors.Forbidden;
import app.platform.errors.NotFound;
import app.platform.errors.VersionConflict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A user's six settings categories: read all or one, change one (validated, optimistic by version, with
 * {@code SettingsChanged} naming the keys, never the values), and the security category mirrored from identity.
 */
@Service
public class Settings {

    /** A category's values (defaults filled in) and its version, the ETag of optimistic concurrency. */
    public record CategoryView(SettingsCategory category, Map<String, Object> values, int version) {
    }

    private final SettingsStore store;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public Settings(SettingsStore store, ReactiveOutbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Flux<CategoryView> all(UUID userId) {
        return Flux.fromArray(SettingsCategory.values()).concatMap(c -> one(userId, c));
    }

    public Mono<CategoryView> one(UUID userId, SettingsCategory category) {
        return store.read(userId, category)
                .map(v -> new CategoryView(category, category.withDefaults(v.values()), v.version()))
                .switchIfEmpty(Mono.error(() -> new NotFound("app user")));
    }

    @Transactional
    public Mono<CategoryView> change(UUID userId, SettingsCategory category, Map<String, Object> rawChange,
                                     Integer expectedVersion, EventMetadata metadata) {
        if (category.readOnly()) {
            return Mono.error(new Forbidden("The " + category.id()
                    + " settings follow your sign-in settings and cannot be changed here."));
        }
        return Mono.fromCallable(() -> category.validate(rawChange)).flatMap(valid -> {
            Instant now = clock.instant();
            Map<String, Object> change = new LinkedHashMap<>(valid);
            if (change.containsKey("marketingConsent")) {
                change.put("marketingConsentAt", now.toString()); // when consent was given or withdrawn
            }
            List<String> keys = new ArrayList<>(valid.keySet());
            return store.merge(userId, category, change, expectedVersion)
                    .switchIfEmpty(Mono.defer(() -> store.read(userId, category)
                            .flatMap(exists -> Mono.<Integer>error(new VersionConflict()))
                            .switchIfEmpty(Mono.error(() -> new NotFound("app user")))))
                    .flatMap(version -> outbox.append(new SettingsChanged(userId, category.id(), keys, now), metadata))
                    .then(one(userId, category));
        });
    }

    public Mono<Void> mirrorTwoFactor(UUID userId, boolean enabled) {
        return store.setTwoFactor(userId, enabled);
    }

    public Mono<Void> mirrorPasskeys(UUID userId, int delta) {
        return store.addPasskeys(userId, delta);
    }
}
