package app.platform.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;

/**
 * The architecture rules every service module checks in one line from its own test:
 * <ul>
 * <li>{@code domain} is plain Java: no framework, no adapter, no application;</li>
 * <li>{@code application} does not depend on {@code adapter};</li>
 * <li>SQL clients ({@code DatabaseClient}, {@code JdbcTemplate}, {@code JdbcClient}) are used only in {@code adapter.out};</li>
 * <li>no service uses another service's classes.</li>
 * </ul>
 */
public final class ArchitectureRules {

    /** Base packages of the deployable modules; none may use another's classes. */
    public static final List<String> SERVICES = List.of("app.platform.identity", "app.platform.profile",
            "app.platform.membership", "app.platform.billing", "app.platform.audit", "app.platform.relay",
            "app.platform.gateway");

    /** The SQL clients of Spring: R2DBC's and JDBC's. */
    private static final String[] SQL_CLIENTS = {"org.springframework.r2dbc.core..", "org.springframework.jdbc.core.."};

    private ArchitectureRules() {
    }

    /** Checks the main classes of the module whose base package is {@code basePackage}. */
    public static void check(String basePackage) {
        check(basePackage, new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage));
    }

    static void check(String basePackage, JavaClasses classes) {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "..adapter..",
                        "..application..", "tools.jackson..", "org.apache.kafka..", "io.r2dbc..", "java.sql..",
                        "reactor..")
                .because("the domain is plain Java")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideInAPackage("..application..")
                .should().dependOnClassesThat().resideInAPackage("..adapter..")
                .because("the application reaches the outside through its ports")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideOutsideOfPackage("..adapter.out..")
                .should().dependOnClassesThat().resideInAnyPackage(SQL_CLIENTS)
                .because("SQL lives only in adapter.out")
                .check(classes);
        String[] others = SERVICES.stream().filter(s -> !s.equals(basePackage)).map(s -> s + "..")
                .toArray(String[]::new);
        noClasses().should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services share only shared-events and platform-kit; they learn from events, not from each other's code")
                .check(classes);
    }
}
