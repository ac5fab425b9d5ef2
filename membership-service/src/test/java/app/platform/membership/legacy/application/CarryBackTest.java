package app.platform.membership.legacy.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Every membership event type is either carried back (a member's rows, or the queue) or named with why not. */
class CarryBackTest {

    @Test
    void everyMembershipEventTypeIsCarriedOrSaysWhyNot() {
        var types = new ClassFileImporter().importPackages("app.platform.events.membership").stream()
                .filter(c -> c.tryGetField("TYPE").isPresent()).map(c -> c.getSimpleName()).toList();
        assertThat(types).hasSizeGreaterThan(15).allSatisfy(type -> assertThat(CarryBack.USER_CHANGES.contains(type)
                || CarryBack.QUEUE_CHANGES.contains(type) || CarryBack.NOT_CARRIED.containsKey(type)).as(type).isTrue());
    }
}
