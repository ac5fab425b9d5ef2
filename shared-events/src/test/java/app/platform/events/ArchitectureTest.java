package app.platform.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contracts are plain: a subscriber in any stack can depend on them without the platform's frameworks. */
class ArchitectureTest {

    @Test
    void theContractsUseNoFrameworkAndNoPlatformKit() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "io.r2dbc..", "java.sql..", "reactor..", "app.platform.outbox..", "app.platform.consumer..",
                        "app.platform.web..", "app.platform.legacy..", "app.platform.security..")
                .because("shared-events holds the contracts only; the kit is platform-kit")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("app.platform.events"));
    }
}
