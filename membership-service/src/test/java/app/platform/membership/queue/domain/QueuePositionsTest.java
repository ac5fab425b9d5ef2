package app.platform.membership.queue.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.InvalidInput;
import app.platform.membership.queue.domain.QueuePositions.Shift;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueuePositionsTest {

    @Test
    void aNewcomerTakesThePositionBehindEveryone() {
        assertThat(new QueuePositions(0).next()).isEqualTo(1);
        assertThat(new QueuePositions(4).next()).isEqualTo(5);
        assertThat(new QueuePositions(4).joined()).isEqualTo(new QueuePositions(5));
    }

    @Test
    void aNewcomerInsertedMovesEveryoneFromItsPlaceBackOne() {
        assertThat(new QueuePositions(5).insert(3)).isEqualTo(new Shift(3, 5, 1));
        assertThat(new QueuePositions(5).insert(6)).isEqualTo(new Shift(6, 5, 1)); // behind everyone: nobody moves
        assertThat(new QueuePositions(0).insert(1)).isEqualTo(new Shift(1, 0, 1));
        assertThatThrownBy(() -> new QueuePositions(5).insert(7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueuePositions(5).insert(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leavingMovesEveryoneBehindUpOne() {
        assertThat(new QueuePositions(5).leave(2)).isEqualTo(new Shift(3, 5, -1));
        assertThat(new QueuePositions(5).leave(5)).isEqualTo(new Shift(6, 5, -1)); // the last: nobody moves
        assertThatThrownBy(() -> new QueuePositions(5).leave(6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void movingShiftsTheEntriesInBetweenTowardsTheOldPosition() {
        assertThat(new QueuePositions(5).move(4, 1)).isEqualTo(new Shift(1, 3, 1));
        assertThat(new QueuePositions(5).move(2, 5)).isEqualTo(new Shift(3, 5, -1));
        Shift none = new QueuePositions(5).move(3, 3);
        assertThat(none.first()).isGreaterThan(none.last());
    }

    @Test
    void aMoveOutsideTheQueueIsRefused() {
        for (int to : new int[] {0, 6, -1}) {
            assertThatThrownBy(() -> new QueuePositions(5).move(2, to)).as("to %d", to)
                    .isInstanceOfSatisfying(InvalidInput.class, e -> {
                        assertThat(e.field()).isEqualTo("position");
                        assertThat(e).hasMessage("must be between 1 and 5");
                    });
        }
    }

    @Test
    void joinsInsertsLeavesAndMovesKeepThePositionsDense() {
        Random random = new Random(13);
        Map<Integer, Integer> queue = new HashMap<>(); // member -> position
        List<Integer> order = new ArrayList<>(); // who is where, to check the relative order a shift keeps
        for (int step = 0, member = 0; step < 2_000; step++) {
            QueuePositions positions = new QueuePositions(queue.size());
            int action = queue.isEmpty() ? 0 : random.nextInt(4);
            if (action == 0) {
                queue.put(member, positions.next());
                order.add(member++);
            } else if (action == 3) {
                int place = 1 + random.nextInt(positions.next());
                apply(queue, positions.insert(place));
                queue.put(member, place);
                order.add(place - 1, member++);
            } else if (action == 1) {
                int leaving = order.get(random.nextInt(order.size()));
                int from = queue.remove(leaving);
                apply(queue, positions.leave(from));
                order.remove(Integer.valueOf(leaving));
            } else {
                int moving = order.get(random.nextInt(order.size()));
                int from = queue.get(moving);
                int to = 1 + random.nextInt(queue.size());
                apply(queue, positions.move(from, to));
                queue.put(moving, to);
                order.remove(Integer.valueOf(moving));
                order.add(to - 1, moving);
            }
            assertThat(queue.values()).as("step %d", step)
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, queue.size()).boxed().toList());
            for (int i = 0; i < order.size(); i++) {
                assertThat(queue.get(order.get(i))).as("step %d, place %d", step, i + 1).isEqualTo(i + 1);
            }
        }
    }

    /** What the store does with a shift: the entries in its range move by its step. */
    private static void apply(Map<Integer, Integer> queue, Shift shift) {
        queue.replaceAll((member, position) -> position >= shift.first() && position <= shift.last()
                ? position + shift.by() : position);
    }
}
