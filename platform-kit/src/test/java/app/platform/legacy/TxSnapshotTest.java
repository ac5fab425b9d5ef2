package app.platform.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TxSnapshotTest {

    @Test
    void aTransactionWasSeenWhenItEndedBeforeTheSnapshotAndWasNotRunningThen() {
        TxSnapshot snapshot = TxSnapshot.parse("1000:1010:1003,1007");

        assertThat(snapshot.saw(999)).isTrue();
        assertThat(snapshot.saw(1002)).isTrue();
        assertThat(snapshot.saw(1003)).as("running at the snapshot").isFalse();
        assertThat(snapshot.saw(1007)).isFalse();
        assertThat(snapshot.saw(1010)).as("begun after it").isFalse();
        assertThat(snapshot.saw(5000)).isFalse();
        assertThat(snapshot.toString()).isEqualTo("1000:1010:1003,1007");
        assertThat(TxSnapshot.parse("7:7:")).isEqualTo(new TxSnapshot(7, 7, new long[0]));
    }

    @Test
    void debeziumsThirtyTwoBitIdsArePlacedInTheSnapshotsEpoch() {
        long epoch = 3L << 32;
        TxSnapshot snapshot = TxSnapshot.parse((epoch + 100) + ":" + (epoch + 110) + ":" + (epoch + 105));

        assertThat(snapshot.saw(99)).isTrue();
        assertThat(snapshot.saw(105)).isFalse();
        assertThat(snapshot.saw(110)).isFalse();
        assertThat(snapshot.saw(epoch + 99)).isTrue();
        // just before the epoch turned: ids near 2^32 are of the epoch before
        TxSnapshot atTurn = TxSnapshot.parse((epoch + 5) + ":" + (epoch + 20) + ":");
        assertThat(atTurn.saw(0xFFFF_FFF0L)).isTrue();
        assertThat(atTurn.saw(25)).isFalse();
    }

    @Test
    void anythingElseIsNotASnapshot() {
        for (String text : new String[] {null, "", "1:2", "a:b:", "5:4:", "1:2:x"}) {
            assertThatThrownBy(() -> TxSnapshot.parse(text)).as(String.valueOf(text))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
