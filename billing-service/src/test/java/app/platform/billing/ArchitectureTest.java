package app.platform.billing;

import app.platform.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void domainIsPlainJavaAndNoOtherServiceIsUsed() {
        ArchitectureRules.check("app.platform.billing");
    }
}
