package app.platform.relay.cutover.application;

import app.platform.relay.cutover.domain.PreflightFacts;
import app.platform.relay.legacy.application.LegacyCaptureProperties;

/** Port: what the legacy database says about itself, for the cutover's preflight. */
public interface LegacyPreflight {

    /**
     * Reads each fact on its own, over a connection of its own; never throws: a fact that cannot be read, or no
     * connection at all, is reported in the facts (without the password or the JDBC URL).
     */
    PreflightFacts read(LegacyCaptureProperties capture);
}
