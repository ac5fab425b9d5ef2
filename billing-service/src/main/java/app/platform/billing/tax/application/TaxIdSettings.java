package app.platform.billing.tax.application;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code billing.tax-id.*}: the named AES-256 keys sealing tax ids (32 random bytes, base64 each) and the name of
 * the one new forms are sealed under.
 */
@ConfigurationProperties("billing.tax-id")
public record TaxIdSettings(String currentKey, Map<String, String> keys) {

    public TaxIdSettings {
        keys = keys == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(keys));
    }

    @Override
    public String toString() {
        return "TaxIdSettings[currentKey=" + currentKey + ", keys=" + keys.keySet() + " <redacted>]";
    }
}
