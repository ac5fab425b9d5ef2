package app.platform.relay.legacy.domain;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The legacy columns the capture leaves out, and the reconciliation with it, each named {@code schema.table.column}:
 * the generated columns (derived data, which pgoutput does not stream before PostgreSQL 18) and GoTrue's one-time
 * tokens of {@code auth.users} (secrets no importer needs). A named column that does not exist is never met: Debezium
 * matches the exclusions against the columns it sees.
 */
public record LeftOutColumns(Set<String> columns) {

    /** GoTrue's one-time tokens (e-mail confirmation, recovery, e-mail and phone change, reauthentication). */
    public static final List<String> TOKENS = app.platform.legacy.GeneratedColumns.TOKENS;

    public LeftOutColumns {
        columns = Set.copyOf(columns);
    }

    /** The tokens and the given generated columns. */
    public static LeftOutColumns with(Collection<String> generated) {
        Set<String> columns = new HashSet<>(TOKENS);
        columns.addAll(generated);
        return new LeftOutColumns(columns);
    }

    /** Whether {@code column} of {@code table} ({@code schema.table}) is left out. */
    public boolean contains(String table, String column) {
        return columns.contains(table + "." + column);
    }

    /** Debezium's {@code column.exclude.list}: each full name as a quoted regular expression, in name order. */
    public String excludeList() {
        return columns.stream().sorted().map(Pattern::quote).collect(Collectors.joining(","));
    }
}
