package app.platform.relay.cutover.domain;

import static app.platform.relay.cutover.domain.CutoverState.CAPTURING;
import static app.platform.relay.cutover.domain.CutoverState.DRAINED;
import static app.platform.relay.cutover.domain.CutoverState.FINALIZED;
import static app.platform.relay.cutover.domain.CutoverState.FROZEN;
import static app.platform.relay.cutover.domain.CutoverState.ROLLED_BACK;
import static app.platform.relay.cutover.domain.CutoverState.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.Conflict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CutoverStateTest {

    @Test
    void theRunbookGoesFreezeDrainVerifyFinalize() {
        assertThat(CAPTURING.freeze()).isEqualTo(FROZEN);
        assertThat(FROZEN.drained()).isEqualTo(DRAINED);
        assertThat(DRAINED.verified()).isEqualTo(VERIFIED);
        assertThat(VERIFIED.end(FINALIZED)).isEqualTo(FINALIZED);
    }

    @Test
    void finalizeIsRefusedBeforeFreezeDrainAndVerify() {
        for (CutoverState early : new CutoverState[] {CAPTURING, FROZEN, DRAINED}) {
            assertThatThrownBy(() -> early.end(FINALIZED)).as(early.value()).isInstanceOf(Conflict.class)
                    .hasMessageStartingWith("finalize needs freeze, drain and verify passed at the same fence");
        }
    }

    @Test
    void eachStepNeedsTheOneBefore() {
        assertThatThrownBy(CAPTURING::drained).isInstanceOf(Conflict.class).hasMessageStartingWith("freeze the legacy writes first");
        assertThatThrownBy(CAPTURING::verified).isInstanceOf(Conflict.class).hasMessageStartingWith("drain first");
        assertThatThrownBy(FROZEN::verified).isInstanceOf(Conflict.class).hasMessageStartingWith("drain first");
    }

    @Test
    void repeatingAStepChangesNothingAndUnfreezingGoesBackToCapturing() {
        assertThat(FROZEN.freeze()).isEqualTo(FROZEN);
        assertThat(VERIFIED.freeze()).as("a second freeze keeps the fence").isEqualTo(VERIFIED);
        assertThat(DRAINED.drained()).isEqualTo(DRAINED);
        assertThat(VERIFIED.drained()).isEqualTo(VERIFIED);
        assertThat(VERIFIED.verified()).isEqualTo(VERIFIED);
        for (CutoverState held : new CutoverState[] {CAPTURING, FROZEN, DRAINED, VERIFIED}) {
            assertThat(held.unfreeze()).isEqualTo(CAPTURING);
        }
    }

    @Test
    void anyPhaseBeforeTheEndRollsBackAndEndingAgainTheSameWayChangesNothing() {
        for (CutoverState open : new CutoverState[] {CAPTURING, FROZEN, DRAINED, VERIFIED}) {
            assertThat(open.end(ROLLED_BACK)).isEqualTo(ROLLED_BACK);
        }
        assertThat(FINALIZED.end(FINALIZED)).isEqualTo(FINALIZED);
        assertThat(ROLLED_BACK.end(ROLLED_BACK)).isEqualTo(ROLLED_BACK);
    }

    @Test
    void anEndedCutoverCannotEndTheOtherWayNorTakeAStep() {
        assertThatThrownBy(() -> FINALIZED.end(ROLLED_BACK))
                .isInstanceOf(Conflict.class).hasMessage("the cutover was finalized already");
        assertThatThrownBy(() -> ROLLED_BACK.end(FINALIZED))
                .isInstanceOf(Conflict.class).hasMessage("the cutover was rolled back already");
        assertThatThrownBy(FINALIZED::freeze).isInstanceOf(Conflict.class);
        assertThatThrownBy(ROLLED_BACK::unfreeze).isInstanceOf(Conflict.class);
    }

    @Test
    void aResnapshotSendsADrainedOrVerifiedCutoverBackToFrozen() {
        assertThat(CAPTURING.resnapshot()).isEqualTo(CAPTURING);
        assertThat(FROZEN.resnapshot()).isEqualTo(FROZEN);
        assertThat(DRAINED.resnapshot()).as("drain again: the snapshot emits new changes").isEqualTo(FROZEN);
        assertThat(VERIFIED.resnapshot()).as("and verify again").isEqualTo(FROZEN);
        assertThat(VERIFIED.resnapshot().frozen()).as("the fence is kept").isTrue();
        assertThatThrownBy(FINALIZED::resnapshot).isInstanceOf(Conflict.class)
                .hasMessage("the cutover was finalized already: nothing to re-snapshot");
        assertThatThrownBy(ROLLED_BACK::resnapshot).isInstanceOf(Conflict.class);
    }

    @Test
    void capturingIsNoEnd() {
        assertThatThrownBy(() -> CAPTURING.end(CAPTURING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VERIFIED.end(FROZEN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyPhaseBeforeTheEndCapturesAndTheFrozenOnesHoldAFence() {
        assertThat(CAPTURING.capturing()).isTrue();
        assertThat(VERIFIED.capturing()).isTrue();
        assertThat(FINALIZED.capturing()).isFalse();
        assertThat(ROLLED_BACK.capturing()).isFalse();
        assertThat(CAPTURING.frozen()).isFalse();
        assertThat(FROZEN.frozen()).isTrue();
        assertThat(DRAINED.frozen()).isTrue();
        assertThat(VERIFIED.frozen()).isTrue();
        assertThat(FINALIZED.frozen()).isFalse();
    }

    @Test
    void storedValuesRoundTrip() {
        assertThat(ROLLED_BACK.value()).isEqualTo("rolled_back");
        for (CutoverState state : CutoverState.values()) {
            assertThat(CutoverState.of(state.value())).isEqualTo(state);
        }
    }

    @Test
    void lsnsReadAsPostgreSqlPrintsThemAndCompareAsPositions() {
        Lsn fence = Lsn.parse("16/B374D848");
        assertThat(fence.value()).isEqualTo(0x16B374D848L);
        assertThat(fence).hasToString("16/B374D848");
        assertThat(Lsn.parse("16/B374D849").reached(fence)).isTrue();
        assertThat(Lsn.parse("17/0").reached(fence)).isTrue();
        assertThat(Lsn.parse("16/B374D848").reached(fence)).isTrue();
        assertThat(Lsn.parse("9/FFFFFFFF").reached(fence)).as("hexadecimal, not text").isFalse();
        assertThatThrownBy(() -> Lsn.parse("16B374D848")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anLsnInDecimalIsItsTwoHalvesAsOneNumber() {
        assertThat(Lsn.parse("16/B374D848").decimal()).isEqualTo(String.valueOf((0x16L << 32) | 0xB374D848L))
                .isEqualTo("97500059720");
        assertThat(Lsn.parse("0/0").decimal()).isEqualTo("0");
        assertThat(Lsn.parse("0/1A2B3C4").decimal()).isEqualTo("27440068");
        assertThat(Lsn.parse("FFFFFFFF/FFFFFFFF").decimal()).as("unsigned").isEqualTo("18446744073709551615");
    }

    @Test
    void drainedOnlyWhenTheSlotConfirmedTheFenceAndNoImporterLags() {
        Lsn fence = Lsn.parse("0/3000000");
        assertThat(new Drain(fence, Lsn.parse("0/3000010"), Map.of("a", 0L, "b", 0L)).drained()).isTrue();
        assertThat(new Drain(fence, Lsn.parse("0/2FFFFFF"), Map.of("a", 0L)).drained()).isFalse();
        assertThat(new Drain(fence, null, Map.of("a", 0L)).drained()).as("no slot").isFalse();
        assertThat(new Drain(fence, Lsn.parse("0/3000000"), Map.of("a", 3L)).drained()).isFalse();
        assertThat(new Drain(fence, Lsn.parse("0/3000000"), Map.of("a", -1L)).drained()).as("lag unknown").isFalse();
    }
}
