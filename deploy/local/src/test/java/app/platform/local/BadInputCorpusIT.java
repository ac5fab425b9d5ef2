package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.OAuthTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * Bad input generated from the five served OpenAPI documents, sent through the gateway to every operation with and
 * without a token, never gets a 5xx, and every 4xx it gets is problem+json whose {@code status} is the HTTP status.
 */
@ExtendWith(SharedPlatform.class)
class BadInputCorpusIT {

    static final List<String> SERVICES = List.of("identity", "profile", "membership", "billing", "audit");
    static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    static final int MAX_REQUESTS = 6_000;
    static final Duration DEADLINE = Duration.ofMinutes(12);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The gateway's body limit: a bigger body asks for 100-continue, so the refusal comes before it is sent. */
    static final int GATEWAY_MAX_BODY = 1024 * 1024;
    static final String PASSWORD = "a long enough password";
    static final String MEGABYTE_STRING = "\"" + "a".repeat(1_000_000) + "\"";
    static final String LONG = "a".repeat(10_000);
    static final List<String> MALFORMED = List.of("{", "{\"a\":", "[]", "null");
    static final String[][] WRONG_TYPES = {{"number", "12345"}, {"string", "\"corpus\""}, {"object", "{\"a\":1}"},
            {"array", "[1]"}};
    static final List<String> INJECTIONS = List.of("' OR 1=1--", "<script>alert(1)</script>", "${jndi:ldap://x}",
            "../../etc/passwd", "%00");
    static final List<String> INVALID_IDS = List.of("not-a-uuid", "-1", "0", "9999999999999999999999");
    static final List<String> ENCODED_SEGMENTS = List.of("%00", "..%2F..%2F", "%C0%AF", "%2e%2e", LONG);
    static final List<String> BAD_QUERY_VALUES = List.of("-1", "abc", "99999999999999999999999999", "", LONG);
    static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void noBadInputGetsA5xxAndEvery4xxIsAProblemWithItsStatus() throws Exception {
        String gateway = SharedPlatform.get().gateway;
        String email = "corpus-" + UUID.randomUUID() + "@example.com";
        String token = signUpAndSignIn(gateway, email);

        Map<String, Integer> operationCounts = new LinkedHashMap<>();
        List<Probe> corpus = new ArrayList<>();
        for (String service : SERVICES) {
            List<Operation> documented = operations(document(gateway, service), email);
            operationCounts.put(service, documented.size());
            for (Operation op : documented) {
                for (Probe probe : cases(op)) {
                    corpus.add(probe);
                    // with a token, a call with no input at all is a valid one: sent only where it just reads, or
                    // where the missing body makes it a bad one
                    if (!probe.kind().equals("bare") || op.method().equals("GET") || op.sample() != null) {
                        corpus.add(probe.withToken(token));
                    }
                }
            }
            for (Probe probe : serviceCases(service)) {
                corpus.add(probe);
                corpus.add(probe.withToken(token));
            }
        }
        // the services interleaved (no route gets a burst of its own), and over the budget an even sample
        Collections.shuffle(corpus, new Random(20_240_601));
        List<Probe> queue = new ArrayList<>(gatewayCases(email));
        queue.addAll(corpus.subList(0, Math.min(corpus.size(), MAX_REQUESTS - queue.size())));

        Tally tally = new Tally();
        long started = System.nanoTime();
        run(gateway, queue, tally, started + DEADLINE.toNanos());
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        System.out.printf("report: %d operations %s; %d requests generated, %d queued with the gateway-level ones%n",
                operationCounts.values().stream().mapToInt(Integer::intValue).sum(), operationCounts, corpus.size(),
                queue.size());
        System.out.printf("report: %d answered in %d s, statuses %s; not answered %s; %d sent again after a time-out%n",
                tally.answered.get(), seconds, new TreeMap<>(tally.statuses), new TreeMap<>(tally.unanswered),
                tally.retried.get());
        System.out.printf("report: accepted (2xx/3xx) per case kind %s; %d violations%n", new TreeMap<>(tally.accepted),
                tally.violations.size());
        List<String> first = tally.violations.stream().limit(60).toList();
        assertThat(tally.violations.size()).as("%d requests answered, %d violations; the first %d:%n%s",
                tally.answered.get(), tally.violations.size(), first.size(), String.join("\n", first)).isZero();
    }

    /** One request of the corpus. Its body is built when it is sent: the 1 MB ones would not all fit in memory. */
    record Probe(String kind, String detail, String method, String target, Map<String, String> headers,
                 Supplier<String> body, int expected) {

        Probe withToken(String token) {
            Map<String, String> authorized = new HashMap<>(headers);
            authorized.put("Authorization", "Bearer " + token);
            return new Probe(kind, detail, method, target, authorized, body, expected);
        }

        String label() {
            String path = target.length() > 120 ? target.substring(0, 100) + "...(" + target.length() + " chars)" : target;
            return method + " " + path + " " + kind + (detail.isEmpty() ? "" : " " + detail)
                    + (headers.containsKey("Authorization") ? " [token]" : " [anonymous]");
        }
    }

    /**
     * A documented operation: a plausible (encoded) value per path parameter, its query parameters, and when it
     * takes a body, a plausible sample of it and the fields to corrupt one at a time.
     */
    record Operation(String method, String path, Map<String, String> pathValues, List<String> query,
                     ObjectNode sample, List<Field> fields) {

        /** The path with {@code param} set to {@code value} (already encoded), every other parameter to its sample. */
        String target(String param, String value) {
            String target = path;
            for (Map.Entry<String, String> p : pathValues.entrySet()) {
                target = target.replace("{" + p.getKey() + "}", p.getKey().equals(param) ? value : p.getValue());
            }
            return target;
        }

        /** The sample body with one field's value replaced by raw JSON text. */
        String with(Field field, String rawJson) {
            ObjectNode body = sample.deepCopy();
            ObjectNode owner = field.parent() == null ? body : (ObjectNode) body.get(field.parent());
            owner.putRawValue(field.name(), new RawValue(rawJson));
            return JSON.writeValueAsString(body);
        }
    }

    /** A property of a request body; {@code parent} names the property it is nested in (one level), or is null. */
    record Field(String parent, String name, String kind) {

        String label() {
            return parent == null ? name : parent + "." + name;
        }
    }

    /** The corpus for one operation, every request without a token. */
    static List<Probe> cases(Operation op) {
        List<Probe> cases = new ArrayList<>();
        String method = op.method();
        String target = op.target(null, null);
        Supplier<String> sample = op.sample() == null ? null : () -> JSON.writeValueAsString(op.sample());
        String bodyType = sample == null ? null : "application/json";
        cases.add(probe("bare", "", method, target, null, null));
        if (sample != null) {
            for (String raw : MALFORMED) {
                cases.add(probe("malformed-json", raw, method, target, "application/json", () -> raw));
            }
            cases.add(probe("missing-required", "{}", method, target, "application/json", () -> "{}"));
            cases.add(probe("content-type", "text/plain", method, target, "text/plain", sample));
            cases.add(probe("content-type", "application/xml", method, target, "application/xml", () -> "<corpus/>"));
            cases.add(probe("content-type", "latin1", method, target, "application/json; charset=latin1", sample));
            cases.add(probe("content-type", "none", method, target, null, sample));
            for (Field field : op.fields()) {
                for (String[] wrong : WRONG_TYPES) {
                    if (!wrong[0].equals(field.kind())) {
                        cases.add(mutation(op, "wrong-type", field, wrong[1], wrong[1]));
                    }
                }
                if (field.kind().equals("string")) {
                    cases.add(mutation(op, "huge-string", field, "1 MB", MEGABYTE_STRING));
                    cases.add(mutation(op, "nul", field, "NUL", "\"corpus\\u0000corpus\""));
                    cases.add(mutation(op, "lone-surrogate", field, "D800", "\"corpus\\ud800corpus\""));
                    for (String injection : INJECTIONS) {
                        cases.add(mutation(op, "injection", field, injection, JSON.writeValueAsString(injection)));
                    }
                }
            }
        }
        for (String name : op.pathValues().keySet()) {
            cases.add(probe("path-uuid", name, method, op.target(name, UUID.randomUUID().toString()), bodyType, sample));
            for (String bad : INVALID_IDS) {
                cases.add(probe("path-invalid-id", name + "=" + bad, method, op.target(name, bad), bodyType, sample));
            }
            for (String bad : ENCODED_SEGMENTS) {
                cases.add(probe("path-encoded", name + "=" + shorten(bad), method, op.target(name, bad), bodyType, sample));
            }
        }
        for (String name : op.query()) {
            for (String bad : BAD_QUERY_VALUES) {
                cases.add(probe("query", name + "=" + shorten(bad), method, target + "?" + encode(name) + "=" + encode(bad),
                        bodyType, sample));
            }
        }
        return cases;
    }

    /** Per service: a URI over 16 KB and a path nobody serves, under the service's prefix. */
    static List<Probe> serviceCases(String service) {
        return List.of(probe("long-uri", "16.5 KB", "GET", "/api/" + service + "/" + "a".repeat(16_500), null, null),
                probe("unknown-path", "", "GET", "/api/" + service + "/corpus-unknown-" + UUID.randomUUID(), null, null));
    }

    /** Cases no document describes, sent once: bad tokens, odd paths, a body and a URI over the limits, CORS. */
    static List<Probe> gatewayCases(String email) {
        String me = "/api/profile/me";
        String twoMegabytes = "{\"email\":\"" + email + "\",\"password\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        return List.of(
                new Probe("gateway", "garbage token", "GET", me, Map.of("Authorization", "Bearer garbage"), null, 401),
                new Probe("gateway", "expired token", "GET", me, Map.of("Authorization", "Bearer " + expiredJwt()), null,
                        401),
                new Probe("gateway", "no route", "GET", "/nope", Map.of(), null, 0),
                new Probe("gateway", "NUL segment", "GET", "/api/%00", Map.of(), null, 0),
                new Probe("gateway", "encoded traversal", "GET", "/api/profile/..%2F..%2Fetc", Map.of(), null, 0),
                new Probe("gateway", "2 MB body", "POST", "/api/identity/users", Map.of("Content-Type", "application/json"),
                        () -> twoMegabytes, 413),
                new Probe("gateway", "20 KB URI", "GET", "/api/profile/" + "a".repeat(20 * 1024), Map.of(), null, 414),
                new Probe("gateway", "preflight from a disallowed origin", "OPTIONS", me,
                        Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "GET"), null, 403));
    }

    static Probe probe(String kind, String detail, String method, String target, String contentType, Supplier<String> body) {
        return new Probe(kind, detail, method, target, contentType == null ? Map.of() : Map.of("Content-Type", contentType),
                body, 0);
    }

    static Probe mutation(Operation op, String kind, Field field, String detail, String rawJson) {
        return probe(kind, field.label() + "=" + detail, op.method(), op.target(null, null), "application/json",
                () -> op.with(field, rawJson));
    }

    /** Every operation of one OpenAPI document (its {@code servers} ignored: everything goes to the gateway). */
    static List<Operation> operations(JsonNode doc, String email) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().path(method);
                if (operation.isMissingNode() || path.getKey().startsWith("/api/cutover")) {
                    continue;
                }
                Map<String, JsonNode> pathSchemas = new HashMap<>();
                List<String> query = new ArrayList<>();
                List<JsonNode> parameters = new ArrayList<>(path.getValue().path("parameters").values());
                parameters.addAll(operation.path("parameters").values());
                for (JsonNode reference : parameters) {
                    JsonNode parameter = resolve(doc, reference);
                    String name = parameter.path("name").stringValue("");
                    switch (parameter.path("in").stringValue("")) {
                        case "path" -> pathSchemas.put(name, resolve(doc, parameter.path("schema")));
                        case "query" -> query.add(name);
                        default -> { }
                    }
                }
                Map<String, String> pathValues = new LinkedHashMap<>();
                Matcher param = PATH_PARAM.matcher(path.getKey());
                while (param.find()) {
                    String name = param.group(1);
                    JsonNode value = plausible(pathSchemas.getOrDefault(name, NODES.objectNode()), name, email);
                    pathValues.put(name, encode(value.isString() ? value.stringValue() : value.toString()));
                }
                JsonNode content = resolve(doc, operation.path("requestBody")).path("content");
                ObjectNode sample = null;
                List<Field> fields = new ArrayList<>();
                if (content.size() > 0) {
                    JsonNode media = content.has("application/json") ? content.get("application/json")
                            : content.values().iterator().next();
                    sample = NODES.objectNode();
                    describe(doc, resolve(doc, media.path("schema")), null, sample, fields, email);
                }
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), pathValues, query, sample,
                        fields));
            }
        }
        return operations;
    }

    /** Fills {@code sample} with a plausible value per property and lists the properties, one nested level deep. */
    static void describe(JsonNode doc, JsonNode schema, String parent, ObjectNode sample, List<Field> fields, String email) {
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode propertySchema = resolve(doc, property.getValue());
            String kind = kind(propertySchema);
            fields.add(new Field(parent, property.getKey(), kind));
            if (parent == null && kind.equals("object")) {
                describe(doc, propertySchema, property.getKey(), sample.putObject(property.getKey()), fields, email);
            } else {
                sample.set(property.getKey(), plausible(propertySchema, property.getKey(), email));
            }
        }
    }

    /** A schema, parameter or request body itself: a {@code $ref} followed, allOf/oneOf/anyOf taken as their first. */
    static JsonNode resolve(JsonNode doc, JsonNode node) {
        for (int hops = 0; hops < 8; hops++) {
            JsonNode composed = node.has("allOf") ? node.get("allOf")
                    : node.has("oneOf") ? node.get("oneOf") : node.path("anyOf");
            if (node.path("$ref").isString()) {
                node = doc.at(node.get("$ref").stringValue().substring(1));
            } else if (composed.size() > 0) {
                node = composed.get(0);
            } else {
                return node;
            }
        }
        return node;
    }

    /** The schema's JSON kind: string, number (integer too), boolean, object, array, or "" when it names none. */
    static String kind(JsonNode schema) {
        JsonNode type = schema.path("type");
        String name = type.stringValue("");
        for (JsonNode candidate : type) { // OpenAPI 3.1 writes a nullable type as ["string", "null"]
            if (name.isEmpty() && !candidate.stringValue("null").equals("null")) {
                name = candidate.stringValue();
            }
        }
        return switch (name) {
            case "integer", "number" -> "number";
            case "" -> schema.has("properties") ? "object" : "";
            default -> name;
        };
    }

    /** A plausible value: the first enum constant, a uuid, the corpus user's address, a date, 1, true, "corpus". */
    static JsonNode plausible(JsonNode schema, String name, String email) {
        if (schema.path("enum").size() > 0) {
            return schema.path("enum").get(0);
        }
        return switch (kind(schema)) {
            case "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> NODES.arrayNode();
            case "object" -> NODES.objectNode();
            default -> NODES.stringNode(switch (schema.path("format").stringValue("")) {
                case "uuid" -> UUID.randomUUID().toString();
                case "email" -> email;
                case "date" -> "2030-01-01";
                case "date-time" -> "2030-01-01T00:00:00Z";
                default -> name.toLowerCase(Locale.ROOT).contains("email") ? email : "corpus";
            });
        };
    }

    /** Sends the queue on four threads until the deadline; what is left then is counted, not sent. */
    static void run(String gateway, List<Probe> queue, Tally tally, long deadline) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (Probe probe : queue) {
            pool.execute(() -> send(gateway, probe, tally, deadline));
        }
        pool.shutdown();
        long grace = Math.max(0, deadline - System.nanoTime()) + REQUEST_TIMEOUT.toNanos() * 2;
        if (!pool.awaitTermination(grace, TimeUnit.NANOSECONDS)) {
            pool.shutdownNow();
        }
    }

    static void send(String gateway, Probe probe, Tally tally, long deadline) {
        if (System.nanoTime() > deadline) {
            tally.unanswered(probe, "deadline passed, not sent", false);
            return;
        }
        HttpResponse<String> response;
        try {
            try {
                response = HTTP.send(request(gateway, probe), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                // once more on a connection of its own: the JDK client can wait out its timeout on a pooled connection
                // the gateway closed (after a 413 it does not read the body); a hang of the platform's times out again
                tally.retried.incrementAndGet();
                try (HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build()) {
                    response = fresh.send(request(gateway, probe), HttpResponse.BodyHandlers.ofString());
                }
            }
        } catch (HttpTimeoutException e) {
            tally.unanswered(probe, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s, twice", true);
            return;
        } catch (IOException | RuntimeException e) {
            // the JDK client refused the request's shape, or the connection went away under it: skipped, not failed,
            // unless the case expects a status
            tally.unanswered(probe, "skipped: " + e.getClass().getSimpleName(), probe.expected() != 0);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        tally.answer(probe, response);
    }

    static HttpRequest request(String gateway, Probe probe) {
        String body = probe.body() == null ? null : probe.body().get();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + probe.target())).timeout(REQUEST_TIMEOUT)
                .expectContinue(body != null && body.length() > GATEWAY_MAX_BODY)
                .method(probe.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        probe.headers().forEach(request::header);
        return request.build();
    }

    /** What the corpus got back, filled by the pool's threads. */
    static final class Tally {
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        final Map<String, Integer> accepted = new ConcurrentHashMap<>();
        final Map<String, Integer> unanswered = new ConcurrentHashMap<>();
        final Queue<String> violations = new ConcurrentLinkedQueue<>();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger retried = new AtomicInteger();

        void answer(Probe probe, HttpResponse<String> response) {
            answered.incrementAndGet();
            int status = response.statusCode();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            statuses.merge(status, 1, Integer::sum);
            if (status < 400) {
                accepted.merge(probe.kind(), 1, Integer::sum);
            }
            String fault = status >= 500 ? "server error"
                    : probe.expected() != 0 && status != probe.expected() ? "expected " + probe.expected()
                    : status >= 400 ? problemFault(status, contentType, response.body()) : null;
            if (fault != null) {
                violations.add(probe.label() + " -> " + status + " " + contentType + " " + snippet(response.body())
                        + "  [" + fault + "]");
            }
        }

        void unanswered(Probe probe, String reason, boolean violation) {
            unanswered.merge(reason, 1, Integer::sum);
            if (violation) {
                violations.add(probe.label() + " -> " + reason);
            }
        }
    }

    /** Why a 4xx answer is not an RFC 9457 problem carrying its own status, or null when it is one. */
    static String problemFault(int status, String contentType, String body) {
        if (!contentType.startsWith("application/problem+json")) {
            return "not problem+json";
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (JacksonException e) {
            return "body is not JSON";
        }
        if (!problem.path("type").isString() || !problem.path("title").isString()) {
            return "no string type and title";
        }
        return problem.path("status").isInt() && problem.path("status").intValue() == status ? null
                : "status member is not " + status;
    }

    static String snippet(String body) {
        return body.substring(0, Math.min(body.length(), 200)).replaceAll("\\s+", " ");
    }

    static String shorten(String text) {
        return text.length() > 40 ? text.length() + " chars" : text;
    }

    /** Percent-encoded for a path segment or a query component (a space as %20). */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A well-formed RS256 JWT that expired in 2001 and whose signature is nobody's. */
    static String expiredJwt() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return Stream.of("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"corpus\"}",
                        "{\"sub\":\"corpus\",\"iss\":\"http://localhost:8080\",\"exp\":1000000000}", "not a signature")
                .map(part -> base64.encodeToString(part.getBytes(StandardCharsets.UTF_8)))
                .collect(Collectors.joining("."));
    }

    static JsonNode document(String gateway, String service) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/docs/api/" + service))
                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("the OpenAPI document of " + service).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** A throwaway ordinary user's access token. */
    static String signUpAndSignIn(String gateway, String email) throws Exception {
        HttpResponse<String> signUp = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/identity/users"))
                .header("Content-Type", "application/json").timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(202);
        return new OAuthTestClient(gateway, "web", "http://127.0.0.1:8080/callback").signIn(email, PASSWORD)
                .get("access_token").asString();
    }
}
