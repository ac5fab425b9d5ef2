package app.platform.identity.legacy.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Every identity event type is either carried back or named with why not: none is dropped silently. */
class CarryBackTest {

    @Test
    void everyIdentityEventTypeIsCarriedOrSaysWhyNot() {
        var types = new ClassFileImporter().importPackages("app.platform.events.identity").stream()
                .filter(c -> c.tryGetField("TYPE").isPresent()).map(c -> c.getSimpleName()).toList();
        assertThat(types).hasSizeGreaterThan(15).allSatisfy(type -> assertThat(
                CarryBack.USER_CHANGES.contains(type) || CarryBack.NOT_CARRIED.containsKey(type)).as(type).isTrue());
        assertThat(CarryBack.NOT_CARRIED.keySet()).doesNotContainAnyElementsOf(CarryBack.USER_CHANGES);
    }
}
