package app.platform.relay.engine;

import app.platform.relay.offsets.JdbcOffsetBackingStore;
import java.net.URI;
import java.util.Properties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * The connection and durable-offset settings common to every engine, from the relay's datasource: Debezium reads
 * the same database the relay stores its offsets in.
 */
@Component
public class PostgresSource {

    private final DataSourceProperties ds;

    public PostgresSource(DataSourceProperties ds) {
        this.ds = ds;
    }

    /** An engine over the relay's own database (the services' outbox tables). */
    public Properties engineProperties(String engine, String slot, String publication, long flushIntervalMs) {
        return engineProperties(engine, slot, publication, flushIntervalMs, ds.getUrl(), ds.getUsername(),
                ds.getPassword());
    }

    /** An engine over another database (the legacy one); its offsets still live in the relay's database. */
    public Properties engineProperties(String engine, String slot, String publication, long flushIntervalMs,
                                       String jdbcUrl, String user, String password) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Properties p = new Properties();
        p.setProperty("name", engine);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("topic.prefix", engine);
        p.setProperty("database.hostname", uri.getHost());
        p.setProperty("database.port", String.valueOf(uri.getPort() > 0 ? uri.getPort() : 5432));
        p.setProperty("database.dbname", uri.getPath().substring(1));
        p.setProperty("database.user", user);
        p.setProperty("database.password", password == null ? "" : password);
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot);
        p.setProperty("publication.name", publication);
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("offset.storage", JdbcOffsetBackingStore.class.getName());
        p.setProperty(JdbcOffsetBackingStore.URL, ds.getUrl());
        p.setProperty(JdbcOffsetBackingStore.USER, ds.getUsername());
        p.setProperty(JdbcOffsetBackingStore.PASSWORD, ds.getPassword() == null ? "" : ds.getPassword());
        p.setProperty(JdbcOffsetBackingStore.ENGINE, engine);
        p.setProperty("offset.flush.interval.ms", String.valueOf(flushIntervalMs));
        p.setProperty("offset.flush.timeout.ms", "10000");
        // no retries inside Debezium (they would go on for ever, unseen): a failure stops the engine, and CaptureEngine
        // restarts it with back-off, reporting it in health and, if it lasts, breaking liveness
        p.setProperty("errors.max.retries", "0");
        return p;
    }
}
