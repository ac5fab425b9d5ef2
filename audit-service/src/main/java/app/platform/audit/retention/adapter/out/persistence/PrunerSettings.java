package app.platform.audit.retention.adapter.out.persistence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code audit.retention.pruner.*}: the JDBC connection of the {@code audit_pruner} role (pruning is off while the
 * url or the user is empty) and its schema.
 */
@ConfigurationProperties("audit.retention.pruner")
record PrunerSettings(String url, String user, String password, @DefaultValue("audit") String schema) {

    PrunerSettings {
        url = url == null ? "" : url;
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        schema = schema == null || schema.isBlank() ? "audit" : schema;
    }

    @Override
    public String toString() {
        return "PrunerSettings[url=" + url + ", user=" + user + ", password=<redacted>, schema=" + schema + "]";
    }
}
