package app.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

/** The request JSON rules and the problem shape, on a mapper customized as every service's is. */
class StrictJsonTest {

    record Organization(String name, List<String> tags, int seats) {
    }

    final JsonMapper json = strict();

    static JsonMapper strict() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new StrictJson().strictRequestJson().customize(builder);
        return builder.build();
    }

    @Test
    void aTextIsAJsonStringPostgresCanStoreAndNotTooLong() {
        assertThat(json.readValue("{\"name\":\"Ada Ltd\",\"tags\":[\"a\"],\"seats\":3}", Organization.class).name())
                .isEqualTo("Ada Ltd");
        assertThat(json.readValue("{\"name\":\"emoji \\ud83d\\ude00\",\"seats\":1}", Organization.class).name())
                .isEqualTo("emoji \uD83D\uDE00");
        assertRefused("{\"name\":12345,\"seats\":1}", "name", "must be a string");
        assertRefused("{\"name\":{\"a\":1},\"seats\":1}", "name", "must be a string");
        assertRefused("{\"name\":\"a\\u0000b\",\"seats\":1}", "name", "must not contain a NUL character");
        assertRefused("{\"name\":\"a\\ud800b\",\"seats\":1}", "name", "must be valid Unicode (a lone surrogate)");
        assertRefused("{\"tags\":[\"ok\",\"x\\u0000\"],\"seats\":1}", "tags[1]", "must not contain a NUL character");
        assertRefused("{\"name\":\"" + "x".repeat(StrictJson.MAX_TEXT + 1) + "\",\"seats\":1}", "name",
                "must be at most " + StrictJson.MAX_TEXT + " characters");
    }

    @Test
    void aNumberIsNoStringAndANullIsNoNumber() {
        assertRefused("{\"name\":\"a\",\"seats\":\"3\"}", "seats", "has the wrong type or format");
        assertRefused("{\"name\":\"a\",\"seats\":null}", "seats", "has the wrong type or format");
    }

    @Test
    void aProblemAlwaysHasAType() {
        String blank = json.writeValueAsString(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "taken"));
        assertThat(blank).contains("\"type\":\"about:blank\"").contains("\"status\":409").contains("\"detail\":\"taken\"");
        String invalid = json.writeValueAsString(Problems.invalidRequest(List.of(Map.of("field", "name", "message", "m"))));
        assertThat(invalid).contains("\"type\":\"" + Problems.INVALID_REQUEST + "\"").contains("\"errors\":[");
    }

    private void assertRefused(String body, String field, String message) {
        assertThatThrownBy(() -> json.readValue(body, Organization.class))
                .isInstanceOfSatisfying(DatabindException.class, e -> assertThat(StrictJson.fieldError(e))
                        .isEqualTo(Map.of("field", field, "message", message)))
                .hasMessageNotContaining("12345");
    }
}
