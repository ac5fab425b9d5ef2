package app.platform.relay.engine;

import app.platform.relay.offsets.TransactionalOffsetStore;
import java.net.URI;
import java.util.Properties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * The connection and offset settings common to every engine: Debezium reads the relay's own database (or the legacy
 * one), and its offsets live in Kafka ({@link TransactionalOffsetStore}), one topic per slot.
 */
@Component
public class PostgresSource {

    private final DataSourceProperties ds;
    private final EngineKafka kafka;

    public PostgresSource(DataSourceProperties ds, EngineKafka kafka) {
        this.ds = ds;
        this.kafka = kafka;
    }

    /** An engine over the relay's own database (the services' outbox tables). */
    public Properties engineProperties(String engine, String slot, String publication, long flushIntervalMs) {
        return engineProperties(engine, slot, publication, flushIntervalMs, ds.getUrl(), ds.getUsername(),
                ds.getPassword());
    }

    /** An engine over another database (the legacy one). */
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
        p.setProperty("offset.storage", TransactionalOffsetStore.class.getName());
        p.setProperty(TransactionalOffsetStore.ENGINE, engine);
        p.setProperty(TransactionalOffsetStore.SLOT, slot);
        kafka.clientProperties().forEach((key, value) -> p.setProperty(TransactionalOffsetStore.KAFKA + key, value));
        p.setProperty(TransactionalOffsetStore.URL, ds.getUrl());
        p.setProperty(TransactionalOffsetStore.USER, ds.getUsername());
        p.setProperty(TransactionalOffsetStore.PASSWORD, ds.getPassword() == null ? "" : ds.getPassword());
        p.setProperty("offset.flush.interval.ms", String.valueOf(flushIntervalMs));
        p.setProperty("offset.flush.timeout.ms", "10000");
        // no retries inside Debezium (they would go on for ever, unseen): a failure stops the engine, and CaptureEngine
        // restarts it with back-off, reporting it in health and, if it lasts, breaking liveness
        p.setProperty("errors.max.retries", "0");
        return p;
    }
}
