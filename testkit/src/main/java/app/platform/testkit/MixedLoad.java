package app.platform.testkit;

import app.platform.events.EventJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * What the members of the app do, through the gateway, at a fixed rate (a tick every {@code pace}; a tick that runs
 * late is not made up by a burst). Each tick signs a new user up, edits one signed-in user's profile, and moves one
 * member's journey on by a step: signed in with the password, the terms agreed, a card added, a subscription charged,
 * identity documents submitted, reviewed and approved by an operator, the payout queue joined (once billing's charge
 * made the membership active), a payout scheduled, approved and paid by the operator; then the next member's journey.
 * <p>
 * A fault is met as a client meets it: an answer that is not a success is counted and the step is tried again at a
 * later tick (a refused token is renewed; a step still refused after {@link #PATIENCE} gives the member up).
 * Every answer is kept as a {@link Sample}: what was accepted is what must not be lost.
 */
public final class MixedLoad implements Runnable {

    /** How long a journey's step is tried again before the member is given up (an outage and its recovery fit). */
    static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final String PASSWORD = "a long enough password";
    private static final String CALLBACK = "http://127.0.0.1:8080/callback";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * One answer: the operation, when it started (ms after the load's start), how long it took, its status (0: no
     * answer), and whether it succeeded.
     */
    public record Sample(String operation, long startedMs, long micros, int status, boolean ok) {
    }

    private final String gateway;
    private final String prefix;
    private final Duration pace;
    private final Operator operator;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> journeys = new ConcurrentHashMap<>();
    private final Queue<String> signedUp = new ArrayDeque<>();
    private final String editor;
    private String editorToken;
    private String operatorToken;
    private Journey journey;
    private long started;

    /**
     * @param prefix   the sign-ups' e-mail addresses start with it ({@code <prefix>-<uuid>@example.com})
     * @param operator an admin (role given) with TOTP on, who reviews, approves and pays
     */
    public MixedLoad(String gateway, String prefix, Duration pace, Operator operator) {
        this.gateway = gateway;
        this.prefix = prefix;
        this.pace = pace;
        this.operator = operator;
        this.editor = prefix + "-editor-" + UUID.randomUUID() + "@example.com";
    }

    /** Signs the editor up and in, and waits until profile knows them: then {@link #run()} may start. */
    public MixedLoad prepare(Duration timeout) throws Exception {
        if (signUp(editor).statusCode() != 202) {
            throw new IllegalStateException("the editor was not signed up");
        }
        editorToken = signIn(editor);
        operatorToken = operator.token();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (send("PATCH", "/api/profile/me/profile", editorToken, "{\"displayName\":\"Editor\"}").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the editor's profile did not appear within " + timeout);
            }
            Thread.sleep(500); // polling an eventually consistent read: nothing to wait on but its answer
        }
        return this;
    }

    /** Runs ticks until {@link #stop()}. */
    @Override
    public void run() {
        started = System.nanoTime();
        long next = started;
        for (long tick = 1; !stop.get(); tick++) {
            signUpOne();
            editProfile(tick);
            journeyStep();
            next += pace.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait)); // the fixed rate: nothing to wait on but the next tick
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else {
                next = System.nanoTime(); // late: go on from now rather than burst to catch up
            }
        }
    }

    public void stop() {
        stop.set(true);
    }

    /** Every answer so far. */
    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Successful answers per operation. */
    public Map<String, Long> accepted() {
        Map<String, Long> counts = new TreeMap<>();
        samples.stream().filter(Sample::ok).forEach(s -> counts.merge(s.operation(), 1L, Long::sum));
        return counts;
    }

    /** Answers that were not a success (a fault's refusals and errors), per operation and status. */
    public Map<String, Long> refused() {
        Map<String, Long> counts = new TreeMap<>();
        samples.stream().filter(s -> !s.ok()).forEach(s -> counts.merge(s.operation() + " " + s.status(), 1L, Long::sum));
        return counts;
    }

    /** Journeys by outcome: {@code paid} (a payout paid at their end) and {@code given up}. */
    public Map<String, Long> journeys() {
        Map<String, Long> outcomes = new TreeMap<>();
        journeys.forEach((k, v) -> outcomes.put(k, v.get()));
        return outcomes;
    }



    private void signUpOne() {
        String email = prefix + "-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> answer = timed("sign-up", () -> signUp(email), r -> r.statusCode() == 202);
        if (answer != null && answer.statusCode() == 202 && signedUp.size() < 100) {
            signedUp.add(email);
        }
    }

    private void editProfile(long tick) {
        HttpResponse<String> answer = timed("profile edit", () -> send("PATCH", "/api/profile/me/profile", editorToken,
                "{\"displayName\":\"Load " + tick + "\"}"), r -> r.statusCode() == 200);
        if (answer != null && answer.statusCode() == 401) {
            editorToken = timedSignIn(editor, editorToken);
        }
    }

    /** One member's path from sign-in to a paid payout, a step at a time. */
    private final class Journey {
        final String email;
        String token;
        String userId;
        String payoutId;
        int step;
        long stepSince = System.nanoTime();

        Journey(String email) {
            this.email = email;
        }
    }

    private static final List<String> STEPS = List.of("sign-in", "terms agreed", "card added", "subscription charged",
            "kyc submitted", "kyc reviewed", "kyc approved", "queue joined", "payout scheduled", "payout approved",
            "payout paid");

    private void journeyStep() {
        if (journey == null) {
            String email = signedUp.poll();
            if (email == null) {
                return;
            }
            journey = new Journey(email);
        }
        Journey j = journey;
        String name = STEPS.get(j.step);
        if (j.step == 0) {
            j.token = timedSignIn(j.email, null);
            if (j.token != null) {
                j.userId = subject(j.token);
                advance(j);
            } else {
                retry(j);
            }
            return;
        }
        // scheduling answers 204 while no queued member is eligible yet (the charge has not made the membership active)
        Function<HttpResponse<String>, Boolean> done = j.step == 8 ? r -> r.statusCode() == 201 : r -> r.statusCode() / 100 == 2;
        HttpResponse<String> answer = timed(name, () -> stepRequest(j), done, r -> {
            if (j.step == 8) {
                j.payoutId = EventJson.MAPPER.readTree(r.body()).get("id").asString();
            }
        });
        if (answer != null && (done.apply(answer) || alreadyDone(j.step, answer))) {
            advance(j);
            return;
        }
        if (answer != null && answer.statusCode() == 401) {
            if (j.step >= 5 && j.step != 7) {
                operatorToken = operatorToken();
            } else {
                j.token = timedSignIn(j.email, j.token); // the member's token is no longer taken
            }
        }
        retry(j);
    }

    private HttpResponse<String> stepRequest(Journey j) throws Exception {
        return switch (j.step) {
            case 1 -> {
                HttpResponse<String> current = send("GET", "/api/billing/terms", j.token, null);
                if (current.statusCode() != 200) {
                    yield current; // counted as this step's answer (a 401 renews the member's token)
                }
                JsonNode terms = EventJson.MAPPER.readTree(current.body());
                yield send("POST", "/api/billing/me/agreements", j.token, "{\"version\":\"" + terms.get("version").asString()
                        + "\",\"hash\":\"" + terms.get("hash").asString() + "\"}");
            }
            case 2 -> send("POST", "/api/billing/me/payment-methods", j.token, "{\"token\":\"tok_visa\"}");
            case 3 -> send("POST", "/api/billing/me/subscriptions", j.token, "{\"plan\":\"basic\"}");
            case 4 -> send("POST", "/api/membership/me/kyc", j.token, "{\"documents\":[{\"type\":\"passport\","
                    + "\"country\":\"DE\",\"reference\":\"docs://load-member-passport\"}]}");
            case 5 -> send("POST", "/api/membership/admin/kyc/" + j.userId + "/review", operatorToken, "");
            case 6 -> send("POST", "/api/membership/admin/kyc/" + j.userId + "/approve", operatorToken, "");
            case 7 -> send("POST", "/api/membership/me/queue", j.token, "");
            case 8 -> send("POST", "/api/membership/admin/payouts/schedule", operatorToken, "");
            case 9 -> send("POST", "/api/membership/admin/payouts/" + j.payoutId + "/approve", operatorToken, "");
            case 10 -> send("POST", "/api/membership/admin/payouts/" + j.payoutId + "/pay", operatorToken, "");
            default -> throw new IllegalStateException("no step " + j.step);
        };
    }

    /**
     * A conflict that says the step was taken and its earlier answer was lost to a fault: the member already
     * subscribed, the verification past submitted or reviewed, the member already queued. (Approving or paying a
     * payout again answers 200; their conflicts are refusals.)
     */
    private static boolean alreadyDone(int step, HttpResponse<String> answer) {
        return answer.statusCode() == 409 && (List.of(4, 5, 6).contains(step)
                || (step == 3 || step == 7) && answer.body().contains("already"));
    }

    private void advance(Journey j) {
        j.stepSince = System.nanoTime();
        if (++j.step == STEPS.size()) {
            journeys.computeIfAbsent("paid", k -> new AtomicLong()).incrementAndGet();
            journey = null;
        }
    }

    private void retry(Journey j) {
        if (System.nanoTime() - j.stepSince > PATIENCE.toNanos()) {
            journeys.computeIfAbsent("given up at " + STEPS.get(j.step), k -> new AtomicLong()).incrementAndGet();
            journey = null;
        }
    }

    private String operatorToken() {
        try {
            return operator.token();
        } catch (RuntimeException refused) {
            return operatorToken; // tried again at the next refusal
        }
    }

    /** A password sign-in, timed as {@code sign-in}: the access token, or {@code fallback} when it was refused. */
    private String timedSignIn(String email, String fallback) {
        long began = System.nanoTime();
        try {
            String token = signIn(email);
            record("sign-in", began, 200, true);
            return token;
        } catch (RuntimeException refused) {
            record("sign-in", began, refused instanceof OAuthTestClient.TokenRefused t ? t.status : 0, false);
            return fallback;
        }
    }

    interface Call {
        HttpResponse<String> call() throws Exception;
    }

    interface Read {
        void accept(HttpResponse<String> response) throws Exception;
    }

    private HttpResponse<String> timed(String operation, Call call, Function<HttpResponse<String>, Boolean> ok) {
        return timed(operation, call, ok, r -> { });
    }

    /** Runs and records the call: its answer, or null when it got none (or a success could not be read). */
    private HttpResponse<String> timed(String operation, Call call, Function<HttpResponse<String>, Boolean> ok, Read read) {
        long began = System.nanoTime();
        try {
            HttpResponse<String> response = call.call();
            boolean success = ok.apply(response);
            if (success) {
                read.accept(response);
            }
            record(operation, began, response.statusCode(), success);
            return response;
        } catch (Exception noAnswer) {
            record(operation, began, 0, false);
            return null;
        }
    }

    private void record(String operation, long began, int status, boolean ok) {
        long now = System.nanoTime();
        samples.add(new Sample(operation, (began - started) / 1_000_000, (now - began) / 1_000, status, ok));
    }

    private String signIn(String email) {
        return new OAuthTestClient(gateway, "web", CALLBACK).signIn(email, PASSWORD).get("access_token").asString();
    }

    private HttpResponse<String> signUp(String email) throws Exception {
        return send("POST", "/api/identity/users", null, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    }

    private HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String subject(String accessToken) {
        String claims = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
        return EventJson.MAPPER.readTree(claims).get("sub").asString();
    }
}
