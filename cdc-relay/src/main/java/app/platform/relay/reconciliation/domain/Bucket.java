package app.platform.relay.reconciliation.domain;

import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One of a table's 256 buckets of rows (by the MD5 of their id), on one side: how many rows, and the sum of their
 * shares (a number taken from each row's id and digest), so that two sides agree on a bucket exactly when they hold
 * the same rows with the same digests (but for a collision of 60-bit sums), whatever the order they were read in.
 */
public record Bucket(long rows, String checksum) {

    /** The buckets either side has and the other has otherwise (or not at all), sorted. */
    public static Set<String> differing(Map<String, Bucket> one, Map<String, Bucket> other) {
        Set<String> keys = new TreeSet<>(one.keySet());
        keys.addAll(other.keySet());
        keys.removeIf(key -> java.util.Objects.equals(one.get(key), other.get(key)));
        return keys;
    }

    public static long rows(Map<String, Bucket> buckets) {
        return buckets.values().stream().mapToLong(Bucket::rows).sum();
    }

    /** Adds a row's share to a bucket being summed. */
    public static void add(Map<String, Bucket> buckets, String bucket, long share) {
        buckets.merge(bucket, new Bucket(1, Long.toString(share)), (a, b) -> new Bucket(a.rows + 1,
                new BigInteger(a.checksum).add(new BigInteger(b.checksum)).toString()));
    }

    /** One side's checksum over a whole table: its buckets, in order, as text (the report shows it). */
    public static String checksum(Map<String, Bucket> buckets) {
        StringBuilder all = new StringBuilder();
        new TreeMap<>(buckets).forEach((key, b) -> all.append(key).append(':').append(b.rows).append(':').append(b.checksum).append(';'));
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
