package app.platform.relay.reconciliation.adapter.out.http;

import app.platform.relay.reconciliation.application.Ledgers;
import app.platform.relay.reconciliation.application.ReconciliationProperties;
import app.platform.relay.reconciliation.domain.Bucket;
import app.platform.relay.reconciliation.domain.Ledger;
import app.platform.relay.reconciliation.domain.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * Each owner's ledger read ({@code GET <url>/api/<service>/internal/legacy/<table>}, {@code …/buckets}, and what its
 * own tables hold, {@code …/target}, and the failback's check, {@code …/failback}) with a client-credentials token
 * of identity's {@code platform-services} client (scope {@code services}), kept until a minute before it expires.
 */
@Component
class HttpLedgers implements Ledgers {

    private record Token(String value, Instant expiresAt) {
    }

    private final ReconciliationProperties props;
    private final WebClient web;
    private final Clock clock;
    private volatile Token token;

    HttpLedgers(ReconciliationProperties props, WebClient.Builder web, Clock clock) {
        this.props = props;
        this.web = web.codecs(c -> c.defaultCodecs().maxInMemorySize(512 * 1024 * 1024)).build();
        this.clock = clock;
    }

    @Override
    public Map<String, CompletableFuture<Ledger>> ask(Map<String, String> ownerByTable) {
        String bearer = token();
        Map<String, CompletableFuture<Ledger>> answers = new LinkedHashMap<>();
        ownerByTable.forEach((table, service) -> answers.put(table, web.get()
                .uri(base(service, table) + "/buckets")
                .headers(h -> h.setBearerAuth(bearer)).retrieve().bodyToMono(JsonNode.class)
                .timeout(Duration.ofMinutes(2)).map(HttpLedgers::ledger).toFuture()));
        return answers;
    }

    @Override
    public Map<String, CompletableFuture<Target>> targets(Map<String, String> ownerByTable) {
        return targets(ownerByTable, "/target");
    }

    @Override
    public Map<String, CompletableFuture<Target>> failbackChecks(Map<String, String> ownerByTable) {
        return targets(ownerByTable, "/failback");
    }

    private Map<String, CompletableFuture<Target>> targets(Map<String, String> ownerByTable, String check) {
        String bearer = token();
        Map<String, CompletableFuture<Target>> answers = new LinkedHashMap<>();
        ownerByTable.forEach((table, service) -> answers.put(table, web.get()
                .uri(base(service, table) + check)
                .headers(h -> h.setBearerAuth(bearer)).retrieve().bodyToMono(JsonNode.class)
                .timeout(Duration.ofMinutes(30)).map(HttpLedgers::target).toFuture()));
        return answers;
    }

    /** The owner's {@code TargetReport} JSON. */
    private static Target target(JsonNode report) {
        Map<String, java.util.List<String>> changed = new TreeMap<>();
        report.path("changed").properties().forEach(e -> changed.put(e.getKey(), strings(e.getValue())));
        return new Target(report.path("compared").asLong(), report.path("missingCount").asLong(), strings(report.path("missing")),
                report.path("extraCount").asLong(), strings(report.path("extra")), report.path("changedCount").asLong(),
                changed, pairs(report, "dropped"), report.hasNonNull("error") ? report.get("error").asString() : null);
    }

    private static java.util.List<String> strings(JsonNode array) {
        java.util.List<String> strings = new java.util.ArrayList<>();
        array.forEach(v -> strings.add(v.asString()));
        return strings;
    }

    @Override
    public Map<String, String> rows(String owner, String table, Collection<String> buckets) {
        if (buckets.isEmpty()) {
            return Map.of();
        }
        String query = buckets.stream().map(b -> "bucket=" + b).collect(Collectors.joining("&"));
        JsonNode rows = web.get().uri(URI.create(base(owner, table) + "?" + query))
                .headers(h -> h.setBearerAuth(token())).retrieve().bodyToMono(JsonNode.class).block(Duration.ofMinutes(2));
        Map<String, String> digests = new TreeMap<>();
        rows.properties().forEach(e -> digests.put(e.getKey(), e.getValue().asString()));
        return digests;
    }

    private String base(String service, String table) {
        return props.owners().get(service).url() + "/api/" + service + "/internal/legacy/" + table;
    }

    /**
     * The ledger's summary JSON: {@code buckets} (rows and checksum by bucket), {@code problems} and {@code warnings}
     * (objects by id), {@code waiting}, the two instants.
     */
    private static Ledger ledger(JsonNode state) {
        Map<String, Bucket> buckets = new TreeMap<>();
        state.path("buckets").properties().forEach(e -> buckets.put(e.getKey(),
                new Bucket(e.getValue().path("rows").asLong(), e.getValue().path("checksum").asString())));
        return new Ledger(buckets, Map.of(), pairs(state, "problems"), pairs(state, "warnings"),
                state.path("waiting").asLong(0), instant(state, "lastSourceAt"), instant(state, "lastAppliedAt"));
    }

    private static Map<String, String> pairs(JsonNode state, String field) {
        Map<String, String> pairs = new TreeMap<>();
        state.path(field).properties().forEach(e -> pairs.put(e.getKey(), e.getValue().asString()));
        return pairs;
    }

    private static Instant instant(JsonNode state, String field) {
        return state.hasNonNull(field) ? Instant.parse(state.get(field).asString()) : null;
    }

    private String token() {
        Token current = token;
        if (current == null || clock.instant().isAfter(current.expiresAt().minusSeconds(60))) {
            JsonNode body = web.post().uri(props.tokenUri())
                    .headers(h -> h.setBasicAuth(props.clientId(), props.clientSecret()))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(BodyInserters.fromFormData("grant_type", "client_credentials").with("scope", "services"))
                    .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(30));
            current = new Token(body.get("access_token").asString(),
                    clock.instant().plusSeconds(body.path("expires_in").asLong(0)));
            token = current;
        }
        return current.value();
    }
}
