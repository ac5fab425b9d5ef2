package app.platform.profile.settings.application;

import app.platform.profile.settings.application.Settings.CategoryView;
import app.platform.profile.settings.domain.SettingsCategory;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** A port of {@link Settings}, implemented in {@code adapter.out}. */
public interface SettingsStore {
    /** The stored values and version; empty when the user has no row (no such user). */
    Mono<CategoryView> read(UUID userId, SettingsCategory category);

    /** Merges the change if the version is {@code expected} (any when null); the new version, or empty. */
    Mono<Integer> merge(UUID userId, SettingsCategory category, Map<String, Object> change, Integer expected);

    Mono<Void> setTwoFactor(UUID userId, boolean enabled);

    Mono<Void> addPasskeys(UUID userId, int delta);
}
