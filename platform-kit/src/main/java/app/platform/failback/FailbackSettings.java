package app.platform.failback;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.failback.*}: the service's legacy writer, which carries its own changes back to the legacy
 * (Supabase) tables while the reverse stream runs. Off by default ({@code FAILBACK_ENABLED}).
 *
 * @param enabled  whether the service writes back at all
 * @param url      the legacy database (JDBC; {@code FAILBACK_DB_URL}): the direct connection, as the capture's
 * @param username a role the freeze leaves writable ({@code FAILBACK_DB_USER}): not one of the legacy app's roles
 * @param password its password ({@code FAILBACK_DB_PASSWORD})
 * @param gate     how often the writer looks whether the stream runs (the cutover's switch starts it)
 * @param parentWait how long a row whose parent the legacy database does not have yet (another service's stream
 *                 writes it) is tried again before it is recorded not carried
 */
@ConfigurationProperties("platform.failback")
public record FailbackSettings(boolean enabled, String url, String username, String password, Duration gate,
                               Duration parentWait) {

    public FailbackSettings {
        gate = gate == null ? Duration.ofSeconds(5) : gate;
        parentWait = parentWait == null ? Duration.ofMinutes(5) : parentWait;
    }
}
