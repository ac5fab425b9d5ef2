package app.platform.relay.cutover.domain;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.relay.cutover.domain.PreflightFacts.Publication;
import app.platform.relay.cutover.domain.PreflightFacts.Read;
import app.platform.relay.cutover.domain.PreflightFacts.Role;
import app.platform.relay.cutover.domain.PreflightFacts.SignalTable;
import app.platform.relay.cutover.domain.PreflightFacts.Slots;
import app.platform.relay.cutover.domain.PreflightFacts.Table;
import app.platform.relay.cutover.domain.PreflightFacts.WalSenders;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightTest {

    static final String URL = "jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres?sslmode=require";
    static final List<String> TABLES = List.of("auth.users", "auth.identities", "public.users");
    static final String SIGNAL = "platform_cutover.debezium_signal";
    /** The signal table as the relay made it: it exists and the role inserts into it. */
    static final SignalTable SIGNAL_TABLE = new SignalTable(SIGNAL, true, true, true, false, true);
    static final Preflight.Target TARGET = target(URL, "filtered");

    /** Supabase's postgres role: not a superuser, REPLICATION and BYPASSRLS, no owner of the auth tables. */
    static final Role POSTGRES = new Role("postgres", "postgres", false, true, true, true);

    static Preflight.Target target(String url, String autocreate) {
        return new Preflight.Target(url, "postgres", TABLES, "legacy_capture", "legacy_capture", autocreate, SIGNAL);
    }

    static Table table(String name) {
        return new Table(name, true, true, true, false, false, true, false, 1_000);
    }

    /**
     * A Supabase project ready for the cutover: the publication pre-created over the captured tables and the signal
     * table.
     */
    static PreflightFacts supabase() {
        List<String> published = new java.util.ArrayList<>(TABLES);
        published.add(SIGNAL);
        return new PreflightFacts(Read.of("17.4"), Read.of("logical"), Read.of(new Slots(5, 2, false)),
                Read.of(new WalSenders(10, 2, false)), Read.of(POSTGRES),
                Read.of(new Publication(true, false, published)),
                Read.of(List.of(new Table("auth.users", true, false, true, true, false, true, false, 1_000),
                        new Table("auth.identities", true, false, true, true, false, true, false, 1_000), table("public.users"))),
                Read.of("0"), Read.of("4GB"), Read.of(3L * 1024 * 1024 * 1024 / 2), Read.of(SIGNAL_TABLE));
    }

    static PreflightFacts withSignal(PreflightFacts f, Read<SignalTable> signal) {
        return new PreflightFacts(f.serverVersion(), f.walLevel(), f.slots(), f.walSenders(), f.role(), f.publication(),
                f.tables(), f.statementTimeout(), f.maxSlotWalKeepSize(), f.walBytes(), signal);
    }

    static PreflightFacts with(PreflightFacts f, Read<String> walLevel, Read<Slots> slots, Read<WalSenders> senders,
                               Read<Role> role, Read<Publication> publication, Read<List<Table>> tables,
                               Read<String> timeout, Read<String> keep, Read<Long> wal) {
        return new PreflightFacts(f.serverVersion(), walLevel == null ? f.walLevel() : walLevel,
                slots == null ? f.slots() : slots, senders == null ? f.walSenders() : senders,
                role == null ? f.role() : role, publication == null ? f.publication() : publication,
                tables == null ? f.tables() : tables, timeout == null ? f.statementTimeout() : timeout,
                keep == null ? f.maxSlotWalKeepSize() : keep, wal == null ? f.walBytes() : wal, f.signalTable());
    }

    static PreflightCheck check(Preflight preflight, String name) {
        return preflight.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aReadySupabaseProjectPassesEveryCheck() {
        Preflight preflight = Preflight.evaluate(supabase(), TARGET);

        assertThat(preflight.passed()).isTrue();
        assertThat(preflight.checks()).extracting(PreflightCheck::name).containsExactly("direct_connection", "wal_level",
                "replication_slots", "wal_senders", "replication_role", "publication", "captured_tables", "select_rights",
                "row_level_security", "primary_keys", "user_id_indexes", "statement_timeout", "max_slot_wal_keep_size", "wal_size",
                "signal_table");
        assertThat(preflight.checks()).allSatisfy(c -> {
            assertThat(c.passed()).as(c.name()).isTrue();
            assertThat(c.fix()).as(c.name()).isNull();
            assertThat(c.found()).as(c.name()).isNotBlank();
        });
        assertThat(check(preflight, "direct_connection").found()).isEqualTo("db.abcdefgh.supabase.co:5432, PostgreSQL 17.4");
        assertThat(check(preflight, "replication_slots").found()).endsWith("3 free for the capture");
        assertThat(check(preflight, "wal_size").found()).isEqualTo("pg_wal holds 1.5 GB");
        assertThat(check(preflight, "statement_timeout").severity()).isEqualTo(PreflightCheck.WARNING);
        assertThat(check(preflight, "wal_level").severity()).isEqualTo(PreflightCheck.ERROR);
        assertThat(check(preflight, "signal_table").severity()).isEqualTo(PreflightCheck.WARNING);
        assertThat(check(preflight, "signal_table").found())
                .isEqualTo("platform_cutover.debezium_signal exists and role postgres may insert into it");
        assertThat(check(preflight, "publication").found()).as("the signal table is no other table")
                .isEqualTo("legacy_capture exists and covers the 3 captured tables");
    }

    @Test
    void theEmbeddedDemoPassesWithAWarningForUnlimitedWalRetention() {
        Role superuser = new Role("postgres", "legacy", true, true, true, true);
        PreflightFacts demo = with(supabase(), null, Read.of(new Slots(40, 3, true)), Read.of(new WalSenders(40, 3, true)),
                Read.of(superuser), Read.of(new Publication(false, false, List.of())),
                Read.of(TABLES.stream().map(PreflightTest::table).toList()), null, Read.of("-1"), null);

        Preflight preflight = Preflight.evaluate(demo, target("jdbc:postgresql://localhost:54321/legacy", "filtered"));

        assertThat(preflight.passed()).isTrue();
        PreflightCheck keep = check(preflight, "max_slot_wal_keep_size");
        assertThat(keep.passed()).isFalse();
        assertThat(keep.severity()).isEqualTo("warning");
        assertThat(keep.found()).startsWith("-1 (unlimited)");
        assertThat(keep.fix()).contains("ALTER SYSTEM SET max_slot_wal_keep_size");
        assertThat(check(preflight, "publication").found()).contains("will create it");
    }

    @Test
    void walLevelMustBeLogical() {
        Preflight preflight = Preflight.evaluate(with(supabase(), Read.of("replica"), null, null, null, null, null, null,
                null, null), TARGET);

        assertThat(preflight.passed()).isFalse();
        PreflightCheck check = check(preflight, "wal_level");
        assertThat(check.passed()).isFalse();
        assertThat(check.found()).isEqualTo("replica");
        assertThat(check.fix()).contains("ALTER SYSTEM SET wal_level = logical");
    }

    @Test
    void aSlotMustBeFreeUnlessTheCapturesOwnExistsAlready() {
        PreflightCheck full = check(Preflight.evaluate(with(supabase(), null, Read.of(new Slots(5, 5, false)), null,
                null, null, null, null, null, null), TARGET), "replication_slots");
        assertThat(full.passed()).isFalse();
        assertThat(full.found()).contains("5 in use").endsWith("0 free for the capture");
        assertThat(full.fix()).contains("pg_drop_replication_slot");

        PreflightCheck own = check(Preflight.evaluate(with(supabase(), null, Read.of(new Slots(5, 5, true)), null,
                null, null, null, null, null, null), TARGET), "replication_slots");
        assertThat(own.passed()).isTrue();
        assertThat(own.found()).contains("legacy_capture, the capture's own");
    }

    @Test
    void aWalSenderMustBeFreeUnlessTheCaptureHoldsOne() {
        PreflightCheck busy = check(Preflight.evaluate(with(supabase(), null, null, Read.of(new WalSenders(10, 10, false)),
                null, null, null, null, null, null), TARGET), "wal_senders");
        assertThat(busy.passed()).isFalse();
        assertThat(busy.fix()).contains("max_wal_senders");

        assertThat(check(Preflight.evaluate(with(supabase(), null, null, Read.of(new WalSenders(10, 10, true)),
                null, null, null, null, null, null), TARGET), "wal_senders").passed()).isTrue();
    }

    @Test
    void theRoleNeedsReplication() {
        Role plain = new Role("relay", "postgres", false, false, true, true);
        PreflightCheck check = check(Preflight.evaluate(with(supabase(), null, null, null, Read.of(plain),
                null, null, null, null, null), TARGET), "replication_role");

        assertThat(check.passed()).isFalse();
        assertThat(check.found()).isEqualTo("role relay has no REPLICATION");
        assertThat(check.fix()).startsWith("ALTER ROLE relay WITH REPLICATION;");
    }

    @Test
    void anExistingPublicationCoveringTheTablesNeedsNoOwnership() {
        assertThat(check(Preflight.evaluate(supabase(), target(URL, "disabled")), "publication").passed()).isTrue();
        assertThat(check(Preflight.evaluate(supabase(), TARGET), "publication").passed()).isTrue();
    }

    @Test
    void aPublicationTheRoleCannotCreateFailsWithTheSqlToPreCreateIt() {
        PreflightFacts absent = with(supabase(), null, null, null, null, Read.of(new Publication(false, false, List.of())),
                null, null, null, null);

        PreflightCheck check = check(Preflight.evaluate(absent, TARGET), "publication");

        assertThat(check.passed()).isFalse();
        assertThat(check.found()).contains("does not own auth.users, auth.identities");
        assertThat(check.fix()).contains("supabase_auth_admin")
                .contains("CREATE PUBLICATION legacy_capture FOR TABLE auth.users, auth.identities, public.users;")
                .contains("LEGACY_PUBLICATION_AUTOCREATE=disabled");

        PreflightCheck disabled = check(Preflight.evaluate(absent, target(URL, "disabled")), "publication");
        assertThat(disabled.passed()).isFalse();
        assertThat(disabled.found()).endsWith("does not exist and LEGACY_PUBLICATION_AUTOCREATE is disabled");
    }

    @Test
    void creatingThePublicationNeedsCreateOnTheDatabase() {
        Role noCreate = new Role("relay", "postgres", false, true, true, false);
        PreflightFacts facts = with(supabase(), null, null, null, Read.of(noCreate),
                Read.of(new Publication(false, false, List.of())), Read.of(TABLES.stream().map(PreflightTest::table).toList()),
                null, null, null);

        PreflightCheck check = check(Preflight.evaluate(facts, TARGET), "publication");

        assertThat(check.passed()).isFalse();
        assertThat(check.found()).contains("no CREATE on database postgres");
        assertThat(check.fix()).startsWith("GRANT CREATE ON DATABASE postgres TO relay;");

        Role mayCreate = new Role("relay", "postgres", false, true, true, true);
        assertThat(check(Preflight.evaluate(with(facts, null, null, null, Read.of(mayCreate), null, null, null, null, null),
                TARGET), "publication").passed()).isTrue();
    }

    @Test
    void aPublicationMissingTablesFailsWhenItCannotBeAltered() {
        PreflightFacts partial = with(supabase(), null, null, null, null,
                Read.of(new Publication(true, false, List.of("public.users"))), null, null, null, null);

        PreflightCheck check = check(Preflight.evaluate(partial, target(URL, "disabled")), "publication");

        assertThat(check.passed()).isFalse();
        assertThat(check.found()).contains("without auth.users, auth.identities");
        assertThat(check.fix()).contains("ALTER PUBLICATION legacy_capture ADD TABLE auth.users, auth.identities;");
    }

    @Test
    void allTablesModeNeedsASuperuser() {
        PreflightFacts absent = with(supabase(), null, null, null, null, Read.of(new Publication(false, false, List.of())),
                null, null, null, null);

        PreflightCheck check = check(Preflight.evaluate(absent, target(URL, "all_tables")), "publication");

        assertThat(check.passed()).isFalse();
        assertThat(check.found()).contains("needs a superuser");
    }

    @Test
    void missingTablesAreNamed() {
        PreflightFacts facts = with(supabase(), null, null, null, null, null,
                Read.of(List.of(table("auth.users"), table("auth.identities"), Table.missing("public.users"))),
                null, null, null);

        Preflight preflight = Preflight.evaluate(facts, TARGET);

        assertThat(check(preflight, "captured_tables").passed()).isFalse();
        assertThat(check(preflight, "captured_tables").found()).isEqualTo("missing: public.users");
        assertThat(check(preflight, "primary_keys").passed()).as("reported once, as missing").isTrue();
    }

    @Test
    void everyCapturedTableMustBeReadable() {
        PreflightFacts facts = with(supabase(), null, null, null, null, null,
                Read.of(List.of(new Table("auth.users", true, false, false, false, false, true, false, 1_000),
                        table("auth.identities"), table("public.users"))), null, null, null);

        PreflightCheck check = check(Preflight.evaluate(facts, TARGET), "select_rights");

        assertThat(check.passed()).isFalse();
        assertThat(check.found()).endsWith("on auth.users");
        assertThat(check.fix()).startsWith("GRANT USAGE ON SCHEMA auth TO postgres; GRANT SELECT ON auth.users TO postgres;");
    }

    @Test
    void aRoleThatDoesNotBypassRlsFailsWhenACapturedTableAppliesIt() {
        Role dedicated = new Role("cdc", "postgres", false, true, false, true);
        PreflightFacts facts = with(supabase(), null, null, null, Read.of(dedicated), null, null, null, null, null);

        PreflightCheck check = check(Preflight.evaluate(facts, TARGET), "row_level_security");

        assertThat(check.passed()).isFalse();
        assertThat(check.found()).contains("auth.users, auth.identities").contains("silently");
        assertThat(check.fix()).contains("BYPASSRLS").contains("ALTER ROLE cdc BYPASSRLS;");

        // RLS on tables it owns (not forced), or on none: nothing is filtered
        PreflightFacts owned = with(facts, null, null, null, null, null,
                Read.of(List.of(new Table("auth.users", true, true, true, true, false, true, false, 1_000), table("auth.identities"),
                        table("public.users"))), null, null, null);
        assertThat(check(Preflight.evaluate(owned, TARGET), "row_level_security").passed()).isTrue();
        PreflightFacts forced = with(facts, null, null, null, null, null,
                Read.of(List.of(new Table("auth.users", true, true, true, true, true, true, false, 1_000), table("auth.identities"),
                        table("public.users"))), null, null, null);
        assertThat(check(Preflight.evaluate(forced, TARGET), "row_level_security").passed()).isFalse();
        assertThat(check(Preflight.evaluate(supabase(), TARGET), "row_level_security").found())
                .isEqualTo("role postgres has BYPASSRLS");
    }

    @Test
    void tablesWithoutAPrimaryKeyAreNamed() {
        PreflightFacts facts = with(supabase(), null, null, null, null, null,
                Read.of(List.of(table("auth.users"), table("auth.identities"),
                        new Table("public.users", true, true, true, false, false, false, false, 1_000))), null, null, null);

        PreflightCheck check = check(Preflight.evaluate(facts, TARGET), "primary_keys");

        assertThat(check.passed()).isFalse();
        assertThat(check.found()).isEqualTo("no primary key: public.users");
        assertThat(check.fix()).startsWith("ALTER TABLE public.users ADD PRIMARY KEY (id);").contains("REPLICA IDENTITY FULL");
    }

    @Test
    void theAppsTablesReadByUserIdWithoutAnIndexAreAWarningWithTheirSize() {
        PreflightFacts facts = with(supabase(), null, null, null, null, null,
                Read.of(List.of(table("auth.users"), new Table("auth.refresh_tokens", true, false, true, true, false, true, true, 9_000_000),
                        new Table("public.user_contacts", true, true, true, false, false, true, true, 2_400_000),
                        new Table("public.disputes", true, true, true, false, false, true, true, -1),
                        new Table("public.user_audit_logs", true, true, true, false, false, true, true, 90_000_000),
                        table("public.users"))), null, null, null);

        PreflightCheck check = check(Preflight.evaluate(facts, TARGET), "user_id_indexes");

        assertThat(check.passed()).isFalse();
        assertThat(check.severity()).isEqualTo(PreflightCheck.WARNING);
        assertThat(check.found()).as("neither GoTrue's refresh tokens nor the audit logs are read by user_id")
                .startsWith("no index led by user_id on public.user_contacts (about 2400000 rows), public.disputes: ")
                .contains("failback");
        assertThat(check.fix()).startsWith("CREATE INDEX CONCURRENTLY ON public.user_contacts (user_id); "
                + "CREATE INDEX CONCURRENTLY ON public.disputes (user_id);");
        assertThat(check(Preflight.evaluate(supabase(), TARGET), "user_id_indexes").passed()).isTrue();
    }

    @Test
    void aStatementTimeoutIsAWarning() {
        Preflight preflight = Preflight.evaluate(with(supabase(), null, null, null, null, null, null, Read.of("2min"),
                null, null), TARGET);

        PreflightCheck check = check(preflight, "statement_timeout");
        assertThat(check.passed()).isFalse();
        assertThat(check.severity()).isEqualTo("warning");
        assertThat(check.found()).isEqualTo("2min for role postgres");
        assertThat(check.fix()).startsWith("ALTER ROLE postgres SET statement_timeout = 0;").contains("verification");
        assertThat(preflight.passed()).as("warnings do not block").isTrue();
    }

    @Test
    void walRetentionWithoutLimitOrUnknownIsAWarning() {
        PreflightCheck old = check(Preflight.evaluate(with(supabase(), null, null, null, null, null, null, null,
                Read.of(null), null), TARGET), "max_slot_wal_keep_size");
        assertThat(old.passed()).isFalse();
        assertThat(old.severity()).isEqualTo("warning");
        assertThat(old.found()).contains("before 13");
    }

    @Test
    void anUnreadableWalSizeIsAWarningNamingPgMonitor() {
        Preflight preflight = Preflight.evaluate(with(supabase(), null, null, null, null, null, null, null, null,
                Read.failed("ERROR: permission denied for function pg_ls_waldir")), TARGET);

        PreflightCheck check = check(preflight, "wal_size");
        assertThat(check.passed()).isFalse();
        assertThat(check.severity()).isEqualTo("warning");
        assertThat(check.found()).isEqualTo("not readable (needs pg_monitor)");
        assertThat(check.fix()).startsWith("GRANT pg_monitor TO postgres;");
        assertThat(preflight.passed()).isTrue();
    }

    @Test
    void thePoolerIsRefusedByPortOrHost() {
        for (String url : List.of("jdbc:postgresql://db.abcdefgh.supabase.co:6543/postgres",
                "jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:5432/postgres?user=postgres.abcdefgh")) {
            Preflight preflight = Preflight.evaluate(supabase(), target(url, "filtered"));
            PreflightCheck check = check(preflight, "direct_connection");
            assertThat(check.passed()).as(url).isFalse();
            assertThat(check.found()).contains("pooler").doesNotContain("/postgres").doesNotContain("user=");
            assertThat(check.fix()).contains("direct connection").contains("5432");
            assertThat(preflight.passed()).isFalse();
        }
    }

    @Test
    void noConnectionFailsEveryCheckWithoutThrowing() {
        PreflightFacts facts = PreflightFacts.unreachable("Connection to db.abcdefgh.supabase.co:5432 refused.");

        Preflight preflight = Preflight.evaluate(facts,
                target("jdbc:postgresql://db.abcdefgh.supabase.co/postgres?password=secret&user=postgres", "filtered"));

        assertThat(preflight.passed()).isFalse();
        assertThat(preflight.checks()).hasSize(15).allSatisfy(c -> {
            assertThat(c.passed()).as(c.name()).isFalse();
            assertThat(c.found() + c.fix()).as(c.name()).doesNotContain("secret");
        });
        PreflightCheck connection = check(preflight, "direct_connection");
        assertThat(connection.found()).isEqualTo("cannot connect to db.abcdefgh.supabase.co:5432: Connection to "
                + "db.abcdefgh.supabase.co:5432 refused.");
        assertThat(connection.fix()).contains("LEGACY_DB_URL").contains("IPv4 add-on");
        assertThat(check(preflight, "wal_level").found()).isEqualTo("not checked: no connection");
    }

    @Test
    void aFactThatCannotBeReadFailsItsCheckOnly() {
        Preflight preflight = Preflight.evaluate(with(supabase(), Read.failed("ERROR: something odd"), null, null, null,
                null, null, null, null, null), TARGET);

        assertThat(check(preflight, "wal_level").found()).isEqualTo("not readable: ERROR: something odd");
        assertThat(preflight.checks().stream().filter(c -> !c.passed())).extracting(PreflightCheck::name)
                .containsExactly("wal_level");
    }

    @Test
    void aSignalTableTheRoleMayCreatePasses() {
        PreflightFacts absent = withSignal(supabase(), Read.of(new SignalTable(SIGNAL, false, false, false, false, true)));
        PreflightCheck created = check(Preflight.evaluate(absent, TARGET), "signal_table");
        assertThat(created.passed()).isTrue();
        assertThat(created.found()).isEqualTo("platform_cutover.debezium_signal does not exist yet; role postgres will "
                + "create it and its schema");

        PreflightFacts inSchema = withSignal(supabase(), Read.of(new SignalTable(SIGNAL, true, false, false, true, false)));
        assertThat(check(Preflight.evaluate(inSchema, TARGET), "signal_table").found()).endsWith("in schema platform_cutover");
    }

    @Test
    void aSignalTableTheRoleCannotCreateOrUseIsAWarningWithItsGrant() {
        PreflightFacts noCreate = withSignal(supabase(), Read.of(new SignalTable(SIGNAL, false, false, false, false, false)));
        Preflight preflight = Preflight.evaluate(noCreate, TARGET);
        PreflightCheck check = check(preflight, "signal_table");
        assertThat(check.passed()).isFalse();
        assertThat(check.severity()).isEqualTo(PreflightCheck.WARNING);
        assertThat(check.found()).contains("no CREATE on database postgres").endsWith("re-snapshots would be refused");
        assertThat(check.fix()).startsWith("GRANT CREATE ON DATABASE postgres TO postgres;")
                .contains("CREATE TABLE platform_cutover.debezium_signal (id varchar(64) PRIMARY KEY");
        assertThat(preflight.passed()).as("a cutover runs without re-snapshots").isTrue();

        PreflightFacts schemaOnly = withSignal(supabase(), Read.of(new SignalTable(SIGNAL, true, false, false, false, true)));
        assertThat(check(Preflight.evaluate(schemaOnly, TARGET), "signal_table").fix())
                .startsWith("GRANT CREATE ON SCHEMA platform_cutover TO postgres;");

        PreflightFacts refused = withSignal(supabase(), Read.of(new SignalTable(SIGNAL, true, true, false, false, false)));
        PreflightCheck noInsert = check(Preflight.evaluate(refused, TARGET), "signal_table");
        assertThat(noInsert.passed()).isFalse();
        assertThat(noInsert.fix()).isEqualTo("As its owner: GRANT USAGE ON SCHEMA platform_cutover TO postgres; "
                + "GRANT SELECT, INSERT ON platform_cutover.debezium_signal TO postgres;");
    }

    @Test
    void aPublicationWithoutTheSignalTableThatTheRoleMayNotAlterIsAWarning() {
        PreflightFacts facts = with(supabase(), null, null, null, null, Read.of(new Publication(true, false, TABLES)),
                null, null, null, null);

        PreflightCheck check = check(Preflight.evaluate(facts, TARGET), "signal_table");

        assertThat(check.passed()).isFalse();
        assertThat(check.found()).contains("publication legacy_capture lacks it");
        assertThat(check.fix()).startsWith("As the publication's owner: ALTER PUBLICATION legacy_capture ADD TABLE "
                + "platform_cutover.debezium_signal;");
        PreflightFacts owned = with(supabase(), null, null, null, null, Read.of(new Publication(true, true, TABLES)),
                null, null, null, null);
        assertThat(check(Preflight.evaluate(owned, TARGET), "signal_table").found())
                .endsWith("it will be added to publication legacy_capture");
    }

    @Test
    void noSignalTableConfiguredIsAWarning() {
        Preflight.Target none = new Preflight.Target(URL, "postgres", TABLES, "legacy_capture", "legacy_capture",
                "filtered", " ");

        PreflightCheck check = check(Preflight.evaluate(withSignal(supabase(), Read.of(null)), none), "signal_table");

        assertThat(check.passed()).isFalse();
        assertThat(check.found()).startsWith("none configured");
        assertThat(check.fix()).contains("LEGACY_SIGNAL_TABLE");
    }

    @Test
    void endpointsShowHostsAndPortsOnly() {
        assertThat(Preflight.endpoints("jdbc:postgresql://h1:5433,h2/db?password=x")).containsExactly("h1:5433", "h2:5432");
        assertThat(Preflight.endpoints("jdbc:postgresql://[::1]:6543/db")).containsExactly("[::1]:6543");
        assertThat(Preflight.endpoints("jdbc:postgresql://[2001:db8::1]/db")).containsExactly("[2001:db8::1]:5432");
        assertThat(Preflight.endpoints("jdbc:postgresql://user:secret@host:5432/db")).containsExactly("host:5432");
        assertThat(Preflight.endpoints("jdbc:postgresql:db")).containsExactly("localhost:5432");
        assertThat(Preflight.endpoints(null)).containsExactly("(no LEGACY_DB_URL)");
    }

    @Test
    void identifiersAreQuotedOnlyWhenTheyMustBe() {
        assertThat(Preflight.identifier("postgres")).isEqualTo("postgres");
        assertThat(Preflight.identifier("Relay-Role")).isEqualTo("\"Relay-Role\"");
    }
}
