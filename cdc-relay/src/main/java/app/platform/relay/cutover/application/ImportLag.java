package app.platform.relay.cutover.application;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Port: how far the importers' consumer groups are behind on the legacy topics. */
public interface ImportLag {

    /**
     * Per consumer group, the records it has not committed yet on its topics and on every other topic named
     * {@code <topicPrefix>.*} it has committed on (an importer reads {@code public.users} without owning it): a
     * partition of its own topics it never committed counts whole, a topic that does not exist counts nothing; -1 for a
     * group whose lag cannot be read. A null {@code topicPrefix}: its own topics only (the failback's groups).
     */
    Map<String, Long> lag(Map<String, List<String>> topicsByGroup, String topicPrefix);

    /** Per consumer group, how many consumers it has now (0: none, or no such group); -1 when it cannot be read. */
    Map<String, Integer> consumers(Collection<String> groups);
}
