package app.platform.relay.reconciliation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.events.EventJson;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.TxSnapshot;
import app.platform.relay.cutover.domain.Lsn;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GhostDeleteTest {

    static final Lsn S = Lsn.parse("16/B374D848");
    static final String UUID = "00000000-0000-0000-0000-00000000e47a";
    /** The legacy snapshot: transactions below 1,000 ended, 1,003 still running, none from 1,010 on begun. */
    static final TxSnapshot SEEN = TxSnapshot.parse("1000:1010:1003");

    @Test
    void itIsADebeziumDeleteAtTheSnapshotsPosition() {
        GhostDelete delete = GhostDelete.of("public.users", UUID, false, S, SEEN, 1_767_225_600_000L);

        JsonNode value = EventJson.MAPPER.readTree(delete.value());

        assertThat(value.get("op").asString()).isEqualTo("d");
        assertThat(value.get("before").toString()).isEqualTo("{\"id\":\"" + UUID + "\"}");
        assertThat(value.get("after").isNull()).isTrue();
        assertThat(value.get("ts_ms").asLong()).isEqualTo(1_767_225_600_000L);
        JsonNode source = value.get("source");
        assertThat(source.get("connector").asString()).isEqualTo("platform-ghost-rows");
        assertThat(source.get("schema").asString()).isEqualTo("public");
        assertThat(source.get("table").asString()).isEqualTo("users");
        assertThat(source.get("ts_ms").asLong()).isEqualTo(1_767_225_600_000L);
        assertThat(source.get("snapshot").asString()).isEqualTo("false");
        assertThat(source.get("lsn").isNumber()).isTrue();
        assertThat(source.get("lsn").asLong()).isEqualTo(97_500_059_720L);
        assertThat(source.has("sequence")).as("ordered by its offset, not by Debezium's sequence").isFalse();
        assertThat(source.get("missing_in_snapshot").asString()).isEqualTo("1000:1010:1003");
        assertThat(source.get("txId").isNull()).isTrue();
        assertThat(delete.value()).isEqualTo("{\"before\":{\"id\":\"" + UUID + "\"},\"after\":null,\"op\":\"d\","
                + "\"ts_ms\":1767225600000,\"source\":{\"connector\":\"platform-ghost-rows\",\"schema\":\"public\","
                + "\"table\":\"users\",\"ts_ms\":1767225600000,\"snapshot\":\"false\",\"lsn\":97500059720,"
                + "\"missing_in_snapshot\":\"1000:1010:1003\",\"txId\":null}}");
    }

    @Test
    void theImportersReadItAsADeleteOrderedAfterReadsAndBeforeLaterChanges() {
        LegacyChange change = LegacyChange.parse(GhostDelete.of("public.users", UUID, false, S, SEEN, 0).value(), 1, 40);

        assertThat(change.table()).isEqualTo("public.users");
        assertThat(change.deleted()).isTrue();
        assertThat(change.id()).isEqualTo(UUID);
        assertThat(change.position().missingIn()).isEqualTo(SEEN);
        LegacyChange.Position delete = change.position();
        // a row last applied from a snapshot read earlier on its partition: the delete comes after it
        assertThat(delete.notAfter(new LegacyChange.Position(1, 12, null, 5L, null))).isFalse();
        // a row last changed by a transaction the snapshot saw committed: the delete comes after it
        assertThat(delete.notAfter(streamed(39, S.value() - 100, S.value() - 160, 998))).isFalse();
        // a row inserted again after the snapshot, by the first transaction committed after it: Debezium's sequence
        // names the commit before it (below S), so only the transaction tells it is newer; the delete is skipped
        assertThat(delete.notAfter(streamed(39, S.value() - 100, S.value() + 60, 1012))).isTrue();
        // a transaction in progress at the snapshot, committed after it, its insert written below S: newer too
        assertThat(delete.notAfter(streamed(39, S.value() - 100, S.value() - 40, 1003))).isTrue();
        // the same first transaction after the snapshot arriving after the delete (the relay behind): it is applied
        LegacyChange insertAgain = LegacyChange.parse(insert(S.value() - 100, S.value() + 60, 1012), 1, 41);
        assertThat(insertAgain.position().notAfter(delete)).isFalse();
        // the first transaction streamed after the capture's initial snapshot: Debezium knows no commit before it
        // ("[null, lsn]"), and it is still a streamed change the snapshot did not see
        LegacyChange first = LegacyChange.parse(insert(null, S.value() + 20, 1011), 1, 39);
        assertThat(first.position().commitLsn()).isZero();
        assertThat(delete.notAfter(first.position())).isTrue();
        // a topic read again from the start: a change before the delete on its partition is not applied over it
        assertThat(LegacyChange.parse(insert(S.value() - 300, S.value() - 260, 990), 1, 38).position().notAfter(delete))
                .isTrue();
    }

    /** A change Debezium streamed: its sequence (the commit before it, its own LSN) and its transaction. */
    private static LegacyChange.Position streamed(long offset, long lastCommit, long lsn, long tx) {
        return new LegacyChange.Position(1, offset, lastCommit, lsn, tx);
    }

    /** A Debezium insert of the row, as the capture writes it. */
    private static String insert(Long lastCommit, long lsn, long tx) {
        String commit = lastCommit == null ? "null" : "\\\"" + lastCommit + "\\\"";
        return "{\"before\":null,\"after\":{\"id\":\"" + UUID + "\"},\"op\":\"c\",\"ts_ms\":1,\"source\":{"
                + "\"connector\":\"postgresql\",\"schema\":\"public\",\"table\":\"users\",\"ts_ms\":1,"
                + "\"snapshot\":\"false\",\"lsn\":" + lsn + ",\"sequence\":\"[" + commit + ",\\\"" + lsn
                + "\\\"]\",\"txId\":" + tx + "}}";
    }

    @Test
    void itsKeyIsTheCapturesKeyByteForByte() {
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
        for (String id : new String[] {UUID, "plain text", "q\"uote \\ back\nline\ttab é \u0001"}) {
            Schema schema = SchemaBuilder.struct().name("legacy.public.users.Key").field("id", Schema.STRING_SCHEMA).build();
            String captured = new String(json.fromConnectData("t", schema, new Struct(schema).put("id", id)),
                    StandardCharsets.UTF_8);
            assertThat(GhostDelete.of("public.users", id, false, S, SEEN, 0).key()).as(id).isEqualTo(captured);
        }
        Schema bigint = SchemaBuilder.struct().name("legacy.public.t.Key").field("id", Schema.INT64_SCHEMA).build();
        String captured = new String(json.fromConnectData("t", bigint, new Struct(bigint).put("id", 123L)),
                StandardCharsets.UTF_8);
        assertThat(captured).isEqualTo("{\"id\":123}");
        assertThat(GhostDelete.of("public.t", "123", true, S, SEEN, 0).key()).isEqualTo(captured);
        assertThat(GhostDelete.of("public.t", "-9", true, S, SEEN, 0).value()).startsWith("{\"before\":{\"id\":-9},");
        assertThat(GhostDelete.of("public.t", "123", false, S, SEEN, 0).key()).as("a text id of digits")
                .isEqualTo("{\"id\":\"123\"}");
    }

    @Test
    void aTableIsSchemaDotTable() {
        assertThatThrownBy(() -> GhostDelete.of("users", UUID, false, S, SEEN, 0)).isInstanceOf(IllegalArgumentException.class);
        GhostDelete delete = GhostDelete.of("auth.users", UUID, false, S, SEEN, 0);
        assertThat(delete.schema()).isEqualTo("auth");
        assertThat(delete.table()).isEqualTo("users");
    }
}
