package app.platform.relay.legacy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaChangeTest {

    @Test
    void unchangedColumnsAreNoChange() {
        Map<String, String> columns = Map.of("auth.users", "id uuid not null, email character varying");
        assertThat(SchemaChange.between(columns, columns)).isEmpty();
    }

    @Test
    void namesEveryChangedOrDroppedTableInTheRecordedOrder() {
        Map<String, String> recorded = new LinkedHashMap<>();
        recorded.put("auth.users", "id uuid not null");
        recorded.put("public.user_contacts", "id uuid not null");
        recorded.put("public.users", "id uuid not null");
        Map<String, String> now = Map.of("auth.users", "id uuid not null",
                "public.user_contacts", "id uuid not null, label text",
                "public.unrecorded", "id uuid not null");

        assertThat(SchemaChange.between(recorded, now)).containsExactly(
                new SchemaChange("public.user_contacts", "id uuid not null", "id uuid not null, label text"),
                new SchemaChange("public.users", "id uuid not null", ""));
    }
}
