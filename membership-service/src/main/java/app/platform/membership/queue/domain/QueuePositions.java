package app.platform.membership.queue.domain;

import app.platform.errors.InvalidInput;

/**
 * The payout queue's positions: dense, 1 to {@code length}, one entry each. A newcomer takes the next position (or,
 * inserted, a place everyone from there makes room for); when an entry leaves, everyone behind it moves up one; when
 * an entry moves, the entries between its old and new position shift one towards the old. A change names the others it moves as a {@link Shift}.
 */
public record QueuePositions(int length) {

    public QueuePositions {
        if (length < 0) {
            throw new IllegalArgumentException("A queue's length is not negative: " + length);
        }
    }

    /** The position a newcomer takes: behind everyone. */
    public int next() {
        return length + 1;
    }

    /** The queue once a newcomer has joined. */
    public QueuePositions joined() {
        return new QueuePositions(length + 1);
    }

    /** Who moves when a newcomer takes {@code position} (at most {@link #next()}): everyone from there, back one. */
    public Shift insert(int position) {
        if (position < 1 || position > next()) {
            throw new IllegalArgumentException("Position " + position + " is not a place to join a queue of " + length);
        }
        return new Shift(position, length, 1);
    }

    /** Who moves when the entry at {@code position} leaves: everyone behind it, up one. */
    public Shift leave(int position) {
        requireHeld(position);
        return new Shift(position + 1, length, -1);
    }

    /**
     * Who moves when the entry at {@code from} moves to {@code to}: the entries in between, one towards {@code from}
     * (nobody when {@code to} is {@code from}). A {@code to} outside the queue is {@link InvalidInput}.
     */
    public Shift move(int from, int to) {
        requireHeld(from);
        if (to < 1 || to > length) {
            throw new InvalidInput("position", "must be between 1 and " + length);
        }
        return to < from ? new Shift(to, from - 1, 1) : new Shift(from + 1, to, -1);
    }

    private void requireHeld(int position) {
        if (position < 1 || position > length) {
            throw new IllegalArgumentException("Position " + position + " is not in a queue of " + length);
        }
    }

    /** The entries at positions {@code first} to {@code last} (none when {@code first > last}) move by {@code by}. */
    public record Shift(int first, int last, int by) {
    }
}
