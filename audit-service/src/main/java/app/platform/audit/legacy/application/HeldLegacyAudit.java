package app.platform.audit.legacy.application;

/**
 * What the audit log holds of a legacy audit table, said in the legacy table's columns: the query of its
 * {@link app.platform.legacy.LegacyTarget} (SQL lives in {@code adapter.out}).
 */
public interface HeldLegacyAudit {

    /**
     * @param table         the legacy table ({@link LegacyAuditImport#SYSTEM_LOGS} or {@link LegacyAuditImport#USER_LOGS})
     * @param aggregateType the aggregate type the log's entries of that table's rows have (a constant of the import)
     * @param deletedType   the type of the entry that says a legacy row was deleted (a tombstone)
     * @return one row per legacy row the log holds, by its latest entry (none when that is a tombstone):
     *         {@code legacy_id} and the legacy columns, as the log keeps them
     */
    String query(String table, String aggregateType, String deletedType);
}
