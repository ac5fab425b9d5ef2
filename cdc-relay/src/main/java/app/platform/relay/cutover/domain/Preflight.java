package app.platform.relay.cutover.domain;

import static app.platform.relay.cutover.domain.PreflightCheck.ERROR;
import static app.platform.relay.cutover.domain.PreflightCheck.WARNING;
import static app.platform.relay.cutover.domain.PreflightCheck.fail;
import static app.platform.relay.cutover.domain.PreflightCheck.pass;

import app.platform.relay.cutover.domain.PreflightFacts.Read;
import app.platform.relay.cutover.domain.PreflightFacts.Role;
import app.platform.relay.cutover.domain.PreflightFacts.Table;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The cutover's preflight: whether the configured legacy database can be captured, verified and fenced, as pass/fail
 * lines with their fixes. {@code passed} when no {@link PreflightCheck#ERROR error} failed; a failed
 * {@link PreflightCheck#WARNING warning} is advice. The rules follow Supabase's limits ({@code shared/legacy/SUPABASE.md}):
 * logical WAL, a free slot and WAL sender, a role with REPLICATION that may create (or finds) the table-list
 * publication and reads every captured table past row-level security, a primary key on each, no statement timeout,
 * the direct connection (the pooler cannot replicate), and WAL headroom; and, as a warning, the signal table that
 * re-snapshots need (it exists, or the role may create it).
 */
public record Preflight(boolean passed, List<PreflightCheck> checks) {

    /** Supabase's transaction-mode pooler port; its hosts are {@code *.pooler.supabase.com}. */
    static final int POOLER_PORT = 6543;
    static final String POOLER_HOST = "pooler.supabase.com";
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");

    /**
     * What the preflight checks against: the capture's configuration.
     *
     * @param jdbcUrl               only its hosts and ports are ever shown
     * @param tables                the captured tables, {@code schema.table}
     * @param publicationAutocreate Debezium's {@code publication.autocreate.mode}: {@code filtered},
     *                              {@code disabled} or {@code all_tables}
     * @param signalTable           the capture's signal table, {@code schema.table}; empty: none (no re-snapshots)
     */
    public record Target(String jdbcUrl, String user, List<String> tables, String slot, String publication,
                         String publicationAutocreate, String signalTable) {

        public Target {
            tables = tables == null ? List.of() : List.copyOf(tables);
            signalTable = signalTable == null ? "" : signalTable.trim();
        }
    }

    public Preflight {
        checks = List.copyOf(checks);
    }

    public static Preflight of(List<PreflightCheck> checks) {
        return new Preflight(checks.stream().noneMatch(PreflightCheck::blocking), checks);
    }

    /** The capture is not configured well enough to be checked at all. */
    public static Preflight unconfigured(String found) {
        return of(List.of(fail("configuration", ERROR, found,
                "Set LEGACY_DB_URL, LEGACY_DB_USER, LEGACY_DB_PASSWORD and LEGACY_TABLES to the legacy database's direct "
                        + "connection and captured tables.")));
    }

    public static Preflight evaluate(PreflightFacts facts, Target target) {
        List<PreflightCheck> checks = new ArrayList<>();
        checks.add(directConnection(facts, target));
        checks.add(walLevel(facts));
        checks.add(replicationSlots(facts, target));
        checks.add(walSenders(facts, target));
        checks.add(replicationRole(facts));
        checks.add(publication(facts, target));
        checks.add(capturedTables(facts));
        checks.add(selectRights(facts, target));
        checks.add(rowLevelSecurity(facts, target));
        checks.add(primaryKeys(facts));
        checks.add(userIdIndexes(facts));
        checks.add(statementTimeout(facts, target));
        checks.add(maxSlotWalKeepSize(facts));
        checks.add(walSize(facts, target));
        checks.add(signalTable(facts, target));
        return of(checks);
    }

    static PreflightCheck directConnection(PreflightFacts facts, Target target) {
        String name = "direct_connection";
        List<String> endpoints = endpoints(target.jdbcUrl());
        String where = String.join(",", endpoints);
        boolean pooler = endpoints.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).contains(POOLER_HOST)
                || e.endsWith(":" + POOLER_PORT));
        if (pooler) {
            return fail(name, ERROR, where + " is Supabase's connection pooler, which cannot replicate",
                    "Set LEGACY_DB_URL to the direct connection (dashboard: Connect → Direct connection, "
                            + "db.<project-ref>.supabase.co:5432), not the pooler (port 6543 or *.pooler.supabase.com).");
        }
        if (!facts.serverVersion().read()) {
            return fail(name, ERROR, "cannot connect to " + where + ": " + facts.serverVersion().error(),
                    "Check LEGACY_DB_URL, LEGACY_DB_USER and LEGACY_DB_PASSWORD, and that the relay reaches the host "
                            + "(Supabase's direct host is IPv6-only unless the project has the IPv4 add-on).");
        }
        return pass(name, ERROR, where + ", PostgreSQL " + facts.serverVersion().value());
    }

    static PreflightCheck walLevel(PreflightFacts facts) {
        String name = "wal_level";
        if (!facts.walLevel().read()) {
            return unreadable(name, ERROR, facts, facts.walLevel(), "Run SHOW wal_level as the relay's role.");
        }
        String level = facts.walLevel().value();
        if ("logical".equals(level)) {
            return pass(name, ERROR, level);
        }
        return fail(name, ERROR, level,
                "ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL (Supabase projects have logical already).");
    }

    static PreflightCheck replicationSlots(PreflightFacts facts, Target target) {
        String name = "replication_slots";
        if (!facts.slots().read()) {
            return unreadable(name, ERROR, facts, facts.slots(),
                    "Let the role read pg_replication_slots (it can by default) and run the preflight again.");
        }
        PreflightFacts.Slots slots = facts.slots().value();
        int free = slots.max() - slots.used() + (slots.ownExists() ? 1 : 0);
        String found = "max_replication_slots " + slots.max() + ", " + slots.used() + " in use"
                + (slots.ownExists() ? " (" + target.slot() + ", the capture's own, among them)" : "") + ": " + free
                + " free for the capture";
        if (free >= 1) {
            return pass(name, ERROR, found);
        }
        return fail(name, ERROR, found,
                "Drop an unused slot (SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active "
                        + "AND slot_name = '<unused>';) or raise max_replication_slots (Supabase: 5 per project, shared "
                        + "with Realtime and read replicas).");
    }

    static PreflightCheck walSenders(PreflightFacts facts, Target target) {
        String name = "wal_senders";
        if (!facts.walSenders().read()) {
            return unreadable(name, ERROR, facts, facts.walSenders(),
                    "Let the role read pg_stat_replication (it can by default) and run the preflight again.");
        }
        PreflightFacts.WalSenders senders = facts.walSenders().value();
        int free = senders.max() - senders.active() + (senders.ownActive() ? 1 : 0);
        String found = "max_wal_senders " + senders.max() + ", " + senders.active() + " active"
                + (senders.ownActive() ? " (one streams " + target.slot() + ", the capture's own)" : "") + ": " + free
                + " free for the capture";
        if (free >= 1) {
            return pass(name, ERROR, found);
        }
        return fail(name, ERROR, found,
                "End an unused replication connection (SELECT pg_terminate_backend(pid) FROM pg_stat_replication WHERE "
                        + "application_name = '<unused>';) or raise max_wal_senders (ALTER SYSTEM SET max_wal_senders = 10; "
                        + "then restart).");
    }

    static PreflightCheck replicationRole(PreflightFacts facts) {
        String name = "replication_role";
        if (!facts.role().read()) {
            return unreadable(name, ERROR, facts, facts.role(), "Let the role read pg_roles and run the preflight again.");
        }
        Role role = facts.role().value();
        if (role.superuser() || role.replication()) {
            return pass(name, ERROR, "role " + role.name() + (role.superuser() ? ": superuser" : ": REPLICATION"));
        }
        return fail(name, ERROR, "role " + role.name() + " has no REPLICATION",
                "ALTER ROLE " + identifier(role.name()) + " WITH REPLICATION; as a superuser, or connect as Supabase's "
                        + "postgres role, which has it.");
    }

    static PreflightCheck publication(PreflightFacts facts, Target target) {
        String name = "publication";
        Read<?> unread = firstUnread(facts.publication(), facts.role(), facts.tables());
        if (unread != null) {
            return unreadable(name, ERROR, facts, unread,
                    "Let the role read pg_publication, pg_publication_tables and pg_class, and run the preflight again.");
        }
        Role role = facts.role().value();
        PreflightFacts.Publication publication = facts.publication().value();
        List<Table> tables = facts.tables().value().stream().filter(Table::exists).toList();
        List<String> captured = tables.stream().map(t -> lower(t.name())).toList();
        List<String> notOwned = tables.stream().filter(t -> !t.owned()).map(Table::name).toList();
        boolean ownsAll = role.superuser() || notOwned.isEmpty();
        String pub = target.publication();
        String mode = target.publicationAutocreate() == null ? "filtered"
                : target.publicationAutocreate().toLowerCase(Locale.ROOT);
        String create = "CREATE PUBLICATION " + identifier(pub) + " FOR TABLE " + String.join(", ", captured) + ";";
        String asOwner = "As the tables' owner (auth.*: supabase_auth_admin) or a superuser, run ";
        if (publication.exists()) {
            Set<String> covered = new LinkedHashSet<>(publication.tables().stream().map(Preflight::lower).toList());
            List<String> missing = captured.stream().filter(t -> !covered.contains(t)).toList();
            // the signal table is captured too (signals only), so the filtered mode keeps it
            List<String> extra = covered.stream().filter(t -> !captured.contains(t) && !t.equals(lower(target.signalTable())))
                    .toList();
            boolean filtered = mode.equals("filtered");
            boolean mayAlter = role.superuser() || (publication.owned() && ownsAll);
            if (missing.isEmpty() && (extra.isEmpty() || !filtered)) {
                return pass(name, ERROR, pub + " exists and covers the " + captured.size() + " captured tables"
                        + (extra.isEmpty() ? "" : " (and " + extra.size() + " others)"));
            }
            if (filtered && mayAlter) {
                return pass(name, ERROR, pub + " exists and will be altered to the captured tables (role "
                        + role.name() + " owns it and them)");
            }
            if (missing.isEmpty()) {
                return fail(name, ERROR, pub + " covers other tables too (" + String.join(", ", extra)
                                + "), which the filtered mode would remove, and role " + role.name() + " may not alter it",
                        "Set LEGACY_PUBLICATION_AUTOCREATE=disabled, so that the capture uses " + pub + " as it is.");
            }
            return fail(name, ERROR, pub + " exists without " + String.join(", ", missing)
                            + (mode.equals("disabled") ? " (autocreate disabled)"
                                    : " and role " + role.name() + " may not alter it"),
                    asOwner + "ALTER PUBLICATION " + identifier(pub) + " ADD TABLE " + String.join(", ", missing)
                            + "; and set LEGACY_PUBLICATION_AUTOCREATE=disabled.");
        }
        if (mode.equals("disabled")) {
            return fail(name, ERROR, pub + " does not exist and LEGACY_PUBLICATION_AUTOCREATE is disabled",
                    asOwner + create);
        }
        if (mode.equals("all_tables")) {
            return role.superuser()
                    ? pass(name, ERROR, pub + " does not exist yet; superuser " + role.name()
                            + " will create it FOR ALL TABLES")
                    : fail(name, ERROR, pub + " does not exist and FOR ALL TABLES (autocreate all_tables) needs a superuser",
                            asOwner + create + " and set LEGACY_PUBLICATION_AUTOCREATE=disabled.");
        }
        boolean mayCreate = role.superuser() || role.createOnDatabase();
        if (mayCreate && ownsAll) {
            return pass(name, ERROR, pub + " does not exist yet; role " + role.name() + " will create it ("
                    + (role.superuser() ? "superuser" : "CREATE on " + role.database() + ", owns every captured table") + ")");
        }
        List<String> lacks = new ArrayList<>();
        if (!mayCreate) {
            lacks.add("no CREATE on database " + role.database());
        }
        if (!ownsAll) {
            lacks.add("does not own " + String.join(", ", notOwned));
        }
        String found = pub + " does not exist and role " + role.name() + " cannot create it: " + String.join("; ", lacks);
        if (ownsAll) {
            return fail(name, ERROR, found, "GRANT CREATE ON DATABASE " + identifier(role.database()) + " TO "
                    + identifier(role.name()) + "; as the database's owner, or pre-create it: " + create);
        }
        return fail(name, ERROR, found, asOwner + create + " and set LEGACY_PUBLICATION_AUTOCREATE=disabled.");
    }

    static PreflightCheck capturedTables(PreflightFacts facts) {
        String name = "captured_tables";
        if (!facts.tables().read()) {
            return unreadable(name, ERROR, facts, facts.tables(), "Let the role read pg_class and run the preflight again.");
        }
        List<String> missing = names(facts, t -> !t.exists());
        if (missing.isEmpty()) {
            return pass(name, ERROR, "all " + facts.tables().value().size() + " exist");
        }
        return fail(name, ERROR, "missing: " + String.join(", ", missing),
                "Take them out of LEGACY_TABLES, or check their names (schema.table) and the database of LEGACY_DB_URL.");
    }

    static PreflightCheck selectRights(PreflightFacts facts, Target target) {
        String name = "select_rights";
        if (!facts.tables().read()) {
            return unreadable(name, ERROR, facts, facts.tables(),
                    "Let the role read pg_class and run the preflight again.");
        }
        List<String> refused = names(facts, t -> t.exists() && !t.selectable());
        if (refused.isEmpty()) {
            return pass(name, ERROR, "SELECT on every captured table (" + names(facts, Table::exists).size() + ")");
        }
        String role = identifier(roleName(facts, target));
        String schemas = String.join(", ", refused.stream()
                .map(t -> t.contains(".") ? t.substring(0, t.indexOf('.')) : "public").distinct().toList());
        return fail(name, ERROR, "no SELECT (or no USAGE on the schema) on " + String.join(", ", refused),
                "GRANT USAGE ON SCHEMA " + schemas + " TO " + role + "; GRANT SELECT ON " + String.join(", ", refused)
                        + " TO " + role + "; as their owner (auth.*: supabase_auth_admin) or a superuser.");
    }

    static PreflightCheck rowLevelSecurity(PreflightFacts facts, Target target) {
        String name = "row_level_security";
        Read<?> unread = firstUnread(facts.role(), facts.tables());
        if (unread != null) {
            return unreadable(name, ERROR, facts, unread,
                    "Let the role read pg_roles and pg_class, and run the preflight again.");
        }
        Role role = facts.role().value();
        if (role.superuser() || role.bypassRls()) {
            return pass(name, ERROR, "role " + role.name() + (role.superuser() ? " is superuser" : " has BYPASSRLS"));
        }
        // a table's owner is not subject to its policies unless they are forced on it
        List<String> filtered = names(facts, t -> t.exists() && t.rowSecurity() && (!t.owned() || t.forceRowSecurity()));
        if (filtered.isEmpty()) {
            return pass(name, ERROR, "role " + role.name()
                    + " does not bypass RLS, but no captured table applies it to the role");
        }
        return fail(name, ERROR, "role " + role.name() + " does not bypass RLS, which is on for " + String.join(", ", filtered)
                        + ": the snapshot and the verification would silently read only the rows its policies show",
                "Connect as a role with BYPASSRLS (Supabase's postgres), or run ALTER ROLE " + identifier(role.name())
                        + " BYPASSRLS; as a superuser.");
    }

    static PreflightCheck primaryKeys(PreflightFacts facts) {
        String name = "primary_keys";
        if (!facts.tables().read()) {
            return unreadable(name, ERROR, facts, facts.tables(),
                    "Let the role read pg_class and pg_index, and run the preflight again.");
        }
        List<String> keyless = names(facts, t -> t.exists() && !t.primaryKey());
        if (keyless.isEmpty()) {
            return pass(name, ERROR, "every captured table has a primary key");
        }
        return fail(name, ERROR, "no primary key: " + String.join(", ", keyless),
                String.join(" ", keyless.stream().map(t -> "ALTER TABLE " + t + " ADD PRIMARY KEY (id);").toList())
                        + " (REPLICA IDENTITY FULL would let the capture run, but the importers key every row on id).");
    }

    /**
     * A warning for each table where the failback's reverse streams find a member's rows by {@code user_id} that has
     * no index led by it: each event they carry back would scan the whole table.
     */
    static PreflightCheck userIdIndexes(PreflightFacts facts) {
        String name = "user_id_indexes";
        if (!facts.tables().read()) {
            return unreadable(name, WARNING, facts, facts.tables(),
                    "Let the role read pg_class, pg_attribute and pg_index, and run the preflight again.");
        }
        List<Table> unindexed = facts.tables().value().stream()
                .filter(t -> t.exists() && t.userIdUnindexed() && foundByUser(t.name())).toList();
        if (unindexed.isEmpty()) {
            return pass(name, WARNING, "every captured table read by user_id has an index led by it");
        }
        return fail(name, WARNING, "no index led by user_id on " + String.join(", ", unindexed.stream()
                        .map(t -> t.name() + (t.estimatedRows() >= 0 ? " (about " + t.estimatedRows() + " rows)" : "")).toList())
                        + ": the failback's reverse streams find a member's rows there by user_id, a scan of the whole "
                        + "table at each event they carry back",
                String.join(" ", unindexed.stream().map(t -> "CREATE INDEX CONCURRENTLY ON " + t.name() + " (user_id);").toList())
                        + " (as the tables' owner; writes go on while it builds, and the capture needs nothing of it).");
    }

    /**
     * The legacy tables the failback's reverse streams read and delete by {@code user_id}: the app's, but its audit
     * logs (audit-service imports them and writes nothing back), and GoTrue's identities.
     */
    private static boolean foundByUser(String table) {
        String name = lower(table);
        return name.startsWith("public.") && !name.endsWith("_audit_logs") || name.equals("auth.identities");
    }

    static PreflightCheck statementTimeout(PreflightFacts facts, Target target) {
        String name = "statement_timeout";
        if (!facts.statementTimeout().read()) {
            return unreadable(name, WARNING, facts, facts.statementTimeout(),
                    "Run SHOW statement_timeout as the relay's role.");
        }
        String timeout = facts.statementTimeout().value();
        if ("0".equals(timeout)) {
            return pass(name, WARNING, "0 (none)");
        }
        return fail(name, WARNING, timeout + " for role " + roleName(facts, target),
                "ALTER ROLE " + identifier(roleName(facts, target)) + " SET statement_timeout = 0; (the relay sets 0 for "
                        + "its snapshot session, but the verification's reads of large tables run under the role's timeout).");
    }

    static PreflightCheck maxSlotWalKeepSize(PreflightFacts facts) {
        String name = "max_slot_wal_keep_size";
        if (!facts.maxSlotWalKeepSize().read()) {
            return unreadable(name, WARNING, facts, facts.maxSlotWalKeepSize(),
                    "Run SHOW max_slot_wal_keep_size as the relay's role.");
        }
        String size = facts.maxSlotWalKeepSize().value();
        String limit = "ALTER SYSTEM SET max_slot_wal_keep_size = '4GB'; SELECT pg_reload_conf(); (Supabase sets "
                + "4096 MB; size it to the disk's free space, and watch legacy_slot_retained_wal_bytes).";
        if (size == null) {
            return fail(name, WARNING, "not available (PostgreSQL before 13): a slot keeps WAL without limit",
                    "Watch legacy_slot_retained_wal_bytes against the legacy disk's free space during the cutover.");
        }
        if ("-1".equals(size.trim())) {
            return fail(name, WARNING,
                    "-1 (unlimited): a slot the capture stops reading keeps WAL until the disk is full", limit);
        }
        return pass(name, WARNING, size + ": a slot that falls further behind is lost (wal_status lost) and the capture "
                + "must start over");
    }

    static PreflightCheck walSize(PreflightFacts facts, Target target) {
        String name = "wal_size";
        Read<Long> wal = facts.walBytes();
        String fix = "GRANT pg_monitor TO " + identifier(roleName(facts, target)) + "; so that the preflight can show "
                + "the WAL's size against the disk's free space.";
        if (!wal.read()) {
            if (!facts.serverVersion().read()) {
                return unreadable(name, WARNING, facts, wal, fix);
            }
            boolean denied = wal.error().toLowerCase(Locale.ROOT).contains("permission denied");
            return fail(name, WARNING, denied ? "not readable (needs pg_monitor)" : "not readable: " + wal.error(), fix);
        }
        return pass(name, WARNING, "pg_wal holds " + bytes(wal.value()));
    }

    /**
     * The signal table for re-snapshots: it exists and the role may use it, or the role may create it (the relay does
     * at the capture's start); and a publication that exists without it can take it. A warning: a cutover runs without
     * re-snapshots.
     */
    static PreflightCheck signalTable(PreflightFacts facts, Target target) {
        String name = "signal_table";
        String none = "Set LEGACY_SIGNAL_TABLE to a schema.table the relay may create or use (the default is "
                + "platform_cutover.debezium_signal).";
        if (target.signalTable().isEmpty()) {
            return fail(name, WARNING, "none configured: re-snapshots (scripts/cutover resnapshot) are refused", none);
        }
        Read<?> unread = firstUnread(facts.signalTable(), facts.role());
        if (unread != null) {
            return unreadable(name, WARNING, facts, unread,
                    "Let the role read pg_namespace and pg_class, and run the preflight again.");
        }
        PreflightFacts.SignalTable signal = facts.signalTable().value();
        if (signal == null) {
            return fail(name, WARNING, "none configured: re-snapshots (scripts/cutover resnapshot) are refused", none);
        }
        String table = signal.name();
        int dot = table.indexOf('.');
        String schema = dot < 0 ? "public" : table.substring(0, dot);
        String role = identifier(facts.role().value().name());
        String grant = "GRANT USAGE ON SCHEMA " + identifier(schema) + " TO " + role + "; GRANT SELECT, INSERT ON "
                + table + " TO " + role + ";";
        String create = "CREATE SCHEMA IF NOT EXISTS " + identifier(schema) + "; CREATE TABLE " + table
                + " (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048)); " + grant;
        String found;
        if (signal.exists()) {
            if (!signal.usable()) {
                return fail(name, WARNING, table + " exists, but role " + facts.role().value().name()
                        + " may not insert into it: re-snapshots would be refused", "As its owner: " + grant);
            }
            found = table + " exists and role " + facts.role().value().name() + " may insert into it";
        } else if (signal.schemaExists() ? signal.createInSchema() : signal.createOnDatabase()) {
            found = table + " does not exist yet; role " + facts.role().value().name() + " will create it"
                    + (signal.schemaExists() ? " in schema " + schema : " and its schema");
        } else {
            return fail(name, WARNING, table + " does not exist and role " + facts.role().value().name()
                            + " may not create it (" + (signal.schemaExists() ? "no CREATE on schema " + schema
                            : "no CREATE on database " + facts.role().value().database()) + "): re-snapshots would be refused",
                    (signal.schemaExists() ? "GRANT CREATE ON SCHEMA " + identifier(schema)
                            : "GRANT CREATE ON DATABASE " + identifier(facts.role().value().database())) + " TO " + role
                            + "; or, as a superuser or the database's owner: " + create);
        }
        // the publication must stream it: Debezium's filtered mode and the relay add it to one the role may alter (one
        // for all tables has it already)
        boolean allTables = "all_tables".equalsIgnoreCase(target.publicationAutocreate());
        if (!allTables && facts.publication().read() && facts.publication().value().exists()) {
            PreflightFacts.Publication publication = facts.publication().value();
            boolean covered = publication.tables().stream().anyMatch(t -> lower(t).equals(lower(table)));
            Role owner = facts.role().value();
            if (!covered && !publication.owned() && !owner.superuser()) {
                return fail(name, WARNING, found + ", but publication " + target.publication() + " lacks it and role "
                                + owner.name() + " may not alter it: re-snapshots would be refused",
                        "As the publication's owner: ALTER PUBLICATION " + identifier(target.publication()) + " ADD TABLE "
                                + table + ";" + (signal.exists() ? "" : " (once the relay created the table, or create it: "
                                + create + ")"));
            }
            if (!covered) {
                found += "; it will be added to publication " + target.publication();
            }
        }
        return pass(name, WARNING, found);
    }

    /**
     * The hosts and ports of a PostgreSQL JDBC URL ({@code jdbc:postgresql://host:port,host2/db?…}), never its
     * database, parameters or any credentials; the port 5432 when it has none.
     */
    static List<String> endpoints(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            return List.of("(no LEGACY_DB_URL)");
        }
        String rest = jdbcUrl.trim();
        int scheme = rest.indexOf(':', rest.indexOf(':') + 1); // jdbc:postgresql:
        rest = scheme < 0 ? rest : rest.substring(scheme + 1);
        if (!rest.startsWith("//")) {
            return List.of("localhost:5432");
        }
        rest = rest.substring(2);
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1); // never show a user or password
        List<String> endpoints = new ArrayList<>();
        for (String hostPort : authority.split(",")) {
            String host = hostPort;
            String port = "5432";
            int colon = hostPort.startsWith("[") ? hostPort.indexOf(':', Math.max(0, hostPort.indexOf(']')))
                    : hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = hostPort.substring(colon + 1).isEmpty() ? "5432" : hostPort.substring(colon + 1);
            }
            endpoints.add((host.isEmpty() ? "localhost" : host) + ":" + port);
        }
        return endpoints;
    }

    private static PreflightCheck unreadable(String name, String severity, PreflightFacts facts, Read<?> read, String fix) {
        if (!facts.serverVersion().read()) {
            return fail(name, severity, "not checked: no connection", "Make the connection work first (direct_connection).");
        }
        return fail(name, severity, "not readable: " + read.error(), fix);
    }

    private static Read<?> firstUnread(Read<?>... reads) {
        for (Read<?> read : reads) {
            if (!read.read()) {
                return read;
            }
        }
        return null;
    }

    private static List<String> names(PreflightFacts facts, Predicate<Table> which) {
        return facts.tables().value().stream().filter(which).map(Table::name).toList();
    }

    private static String roleName(PreflightFacts facts, Target target) {
        return facts.role().read() ? facts.role().value().name() : target.user();
    }

    /** An SQL identifier, quoted only when it must be. */
    static String identifier(String name) {
        if (name == null) {
            return "<role>";
        }
        return PLAIN_IDENTIFIER.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static String bytes(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
