package app.platform.relay.cutover.application;

import app.platform.relay.cutover.domain.Preflight;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * The runbook's first step: checks the configured legacy database before anything is captured. It reads the capture's
 * configuration ({@code relay.legacy.*}) even while the capture is off ({@code RELAY_LEGACY_ENABLED=false}), so that
 * it can run before the capture is switched on, and in any phase of the cutover.
 */
@Service
public class CutoverPreflight {

    private final LegacyPreflight legacy;
    private final ObjectProvider<LegacyCaptureProperties> capture;
    private final Environment environment;

    public CutoverPreflight(LegacyPreflight legacy, ObjectProvider<LegacyCaptureProperties> capture, Environment environment) {
        this.legacy = legacy;
        this.capture = capture;
        this.environment = environment;
    }

    public Preflight run() {
        LegacyCaptureProperties props = capture.getIfAvailable(() -> Binder.get(environment)
                .bind("relay.legacy", LegacyCaptureProperties.class).orElse(null));
        if (props == null || props.jdbcUrl() == null || props.jdbcUrl().isBlank()) {
            return Preflight.unconfigured("relay.legacy.jdbc-url (LEGACY_DB_URL) is not set");
        }
        if (props.tables() == null || props.tables().isEmpty()) {
            return Preflight.unconfigured("relay.legacy.tables (LEGACY_TABLES) is empty");
        }
        return Preflight.evaluate(legacy.read(props), new Preflight.Target(props.jdbcUrl(), props.user(), props.tables(),
                props.slot(), props.publication(), props.publicationAutocreate(), props.signalTable()));
    }
}
