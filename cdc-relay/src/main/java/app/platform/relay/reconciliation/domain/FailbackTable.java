package app.platform.relay.reconciliation.domain;

/**
 * One legacy table in the failback's verification, the forward one in the other direction: the legacy table as the
 * reverse stream left it against what its owner's own tables hold of it ({@link Target}: missing, a legacy row the
 * platform does not hold; extra, a platform row the legacy table lacks; changed, with the columns that differ). A
 * table whose owner has no reverse stream is not compared: {@code notCarried} says so.
 */
public record FailbackTable(String table, String owner, Target target, String notCarried) {

    public boolean matches() {
        return notCarried != null || target.matches();
    }
}
