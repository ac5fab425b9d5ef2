package app.platform.relay;

import app.platform.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void noOtherServiceIsUsed() {
        ArchitectureRules.check("app.platform.relay");
    }
}
