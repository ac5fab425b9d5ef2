package app.platform.gateway;

import app.platform.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void noOtherServiceIsUsed() {
        ArchitectureRules.check("app.platform.gateway");
    }
}
