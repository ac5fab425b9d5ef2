package app.platform.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Each rule of {@link ArchitectureRules} refuses what it names, and passes what keeps it. */
class ArchitectureRulesTest {

    private static final String FIXTURES = "app.platform.testkit.archfixture";

    @Test
    void aModuleThatKeepsTheRulesPasses() {
        assertThatCode(() -> check("plain")).doesNotThrowAnyException();
    }

    @Test
    void aDomainThatUsesAFrameworkFails() {
        assertThatThrownBy(() -> check("leaky")).hasMessageContaining("the domain is plain Java");
    }

    @Test
    void anApplicationThatUsesAnAdapterFails() {
        assertThatThrownBy(() -> check("layered")).hasMessageContaining("through its ports");
    }

    @Test
    void sqlOutsideAdapterOutFails() {
        assertThatThrownBy(() -> check("sql")).hasMessageContaining("SQL lives only in adapter.out");
    }

    private static void check(String fixture) {
        String base = FIXTURES + "." + fixture;
        ArchitectureRules.check(base, new ClassFileImporter().importPackages(base));
    }
}
