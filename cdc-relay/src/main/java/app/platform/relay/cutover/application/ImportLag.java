package app.platform.relay.cutover.application;

import java.util.List;
import java.util.Map;

/** Port: how far the importers' consumer groups are behind on the legacy topics. */
public interface ImportLag {

    /**
     * Per consumer group, the records on its topics it has not committed yet (a partition it never committed counts
     * whole; a topic that does not exist, nothing); -1 for a group whose lag cannot be read.
     */
    Map<String, Long> lag(Map<String, List<String>> topicsByGroup);
}
