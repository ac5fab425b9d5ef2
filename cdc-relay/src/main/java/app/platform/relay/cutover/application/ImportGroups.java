package app.platform.relay.cutover.application;

import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.reconciliation.application.ReconciliationProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The importers' consumer groups ({@code relay.reconciliation.owners.*.import-group}) and how far behind they are. */
final class ImportGroups {

    private ImportGroups() {
    }

    /**
     * Per consumer group, the legacy changes on its topics it has not committed yet; -1 for one whose lag cannot be
     * read, and for an owner without an import group ({@code <service> (no import-group configured)}).
     */
    static Map<String, Long> lag(ImportLag importLag, ReconciliationProperties owners, LegacyCaptureProperties capture) {
        Map<String, List<String>> topicsByGroup = new LinkedHashMap<>();
        Map<String, Long> lag = new LinkedHashMap<>();
        owners.owners().forEach((service, owner) -> {
            if (owner.importGroup() == null || owner.importGroup().isBlank()) {
                lag.put(service + " (no import-group configured)", -1L);
            } else {
                topicsByGroup.computeIfAbsent(owner.importGroup(), g -> new ArrayList<>())
                        .addAll(owner.tables().stream().filter(capture.tables()::contains).map(capture::topic).toList());
            }
        });
        lag.putAll(importLag.lag(topicsByGroup, capture.topicPrefix()));
        return lag;
    }
}
