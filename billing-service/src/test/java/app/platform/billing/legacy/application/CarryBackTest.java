package app.platform.billing.legacy.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Every billing event type is either carried back or named with why not: none is dropped silently. */
class CarryBackTest {

    @Test
    void everyBillingEventTypeIsCarriedOrSaysWhyNot() {
        var types = new ClassFileImporter().importPackages("app.platform.events.billing").stream()
                .filter(c -> c.tryGetField("TYPE").isPresent()).map(c -> c.getSimpleName()).toList();
        assertThat(types).hasSizeGreaterThan(10).allSatisfy(type -> assertThat(
                CarryBack.USER_CHANGES.contains(type) || CarryBack.NOT_CARRIED.containsKey(type)).as(type).isTrue());
    }
}
