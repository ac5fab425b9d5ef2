package app.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The kit's own rules: what a domain may use is plain Java, and each side stands without the other's stack. */
class ArchitectureTest {

    private static final JavaClasses KIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("app.platform.errors", "app.platform.crypto", "app.platform.web", "app.platform.runtime",
                    "app.platform.outbox", "app.platform.consumer", "app.platform.legacy", "app.platform.security",
                    "app.platform.kafka");

    @Test
    void whatADomainMayThrowOrHashIsPlainJava() {
        noClasses().that().resideInAnyPackage("app.platform.errors..", "app.platform.crypto..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..", "tools.jackson..",
                        "java.sql..", "io.r2dbc..")
                .because("a service's domain throws these and hashes with these")
                .check(KIT);
    }

    @Test
    void theReactiveSideNeedsNoServletAndTheServletSideNoReactor() {
        noClasses().that().resideInAPackage("app.platform.web.reactive..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "app.platform.web.servlet..",
                        "org.springframework.web.servlet..")
                .check(KIT);
        noClasses().that().resideInAPackage("app.platform.web.servlet..")
                .should().dependOnClassesThat().resideInAnyPackage("reactor..", "app.platform.web.reactive..",
                        "org.springframework.web.reactive..", "org.springframework.web.server..")
                .check(KIT);
        noClasses().that().haveSimpleNameStartingWith("Jdbc")
                .should().dependOnClassesThat().resideInAnyPackage("reactor..", "org.springframework.r2dbc..")
                .check(KIT);
    }

    @Test
    void theKitUsesNoService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("app.platform.identity..", "app.platform.profile..",
                        "app.platform.membership..", "app.platform.billing..", "app.platform.audit..",
                        "app.platform.relay..", "app.platform.gateway..")
                .check(KIT);
    }
}
