package app.platform.relay.cutover.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.Conflict;
import org.junit.jupiter.api.Test;

class CutoverStateTest {

    @Test
    void aCapturingCutoverEndsEitherWay() {
        assertThat(CutoverState.CAPTURING.end(CutoverState.FINALIZED)).isEqualTo(CutoverState.FINALIZED);
        assertThat(CutoverState.CAPTURING.end(CutoverState.ROLLED_BACK)).isEqualTo(CutoverState.ROLLED_BACK);
    }

    @Test
    void endingAgainTheSameWayChangesNothing() {
        assertThat(CutoverState.FINALIZED.end(CutoverState.FINALIZED)).isEqualTo(CutoverState.FINALIZED);
        assertThat(CutoverState.ROLLED_BACK.end(CutoverState.ROLLED_BACK)).isEqualTo(CutoverState.ROLLED_BACK);
    }

    @Test
    void anEndedCutoverCannotEndTheOtherWay() {
        assertThatThrownBy(() -> CutoverState.FINALIZED.end(CutoverState.ROLLED_BACK))
                .isInstanceOf(Conflict.class).hasMessage("the cutover was finalized already");
        assertThatThrownBy(() -> CutoverState.ROLLED_BACK.end(CutoverState.FINALIZED))
                .isInstanceOf(Conflict.class).hasMessage("the cutover was rolled back already");
    }

    @Test
    void capturingIsNoEnd() {
        assertThatThrownBy(() -> CutoverState.CAPTURING.end(CutoverState.CAPTURING))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyACapturingCutoverCaptures() {
        assertThat(CutoverState.CAPTURING.capturing()).isTrue();
        assertThat(CutoverState.FINALIZED.capturing()).isFalse();
        assertThat(CutoverState.ROLLED_BACK.capturing()).isFalse();
    }

    @Test
    void storedValuesRoundTrip() {
        assertThat(CutoverState.ROLLED_BACK.value()).isEqualTo("rolled_back");
        for (CutoverState state : CutoverState.values()) {
            assertThat(CutoverState.of(state.value())).isEqualTo(state);
        }
    }
}
