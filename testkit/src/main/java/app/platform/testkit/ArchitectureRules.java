package app.platform.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;

/** The architecture rules every service module checks in one line from its own test. */
public final class ArchitectureRules {

    /** Base packages of the deployable modules; none may use another's classes. */
    public static final List<String> SERVICES = List.of("app.platform.identity", "app.platform.profile",
            "app.platform.membership", "app.platform.billing", "app.platform.audit", "app.platform.relay",
            "app.platform.gateway");

    private ArchitectureRules() {
    }

    /** Checks: {@code domain} packages are plain Java; the module uses no other service module's classes. */
    public static void check(String basePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "..adapter..",
                        "..application..", "tools.jackson..", "org.apache.kafka..", "io.r2dbc..", "java.sql..")
                .because("the domain is plain Java")
                .allowEmptyShould(true)
                .check(classes);
        String[] others = SERVICES.stream().filter(s -> !s.equals(basePackage)).map(s -> s + "..")
                .toArray(String[]::new);
        noClasses().should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services share only shared-events; they learn from events, not from each other's code")
                .check(classes);
    }
}
