package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.testkit.BrowserCookies;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.client.RestClient;

/**
 * Nothing a caller sees tells whether an address has an account: sign-up answers a taken address as it answers a new
 * one (and tells the address's owner by mail), and sign-up and the password reset take as long either way, timed over
 * 200 tries of each kind; a failed sign-in takes as long for an account with no password, or a banned one, as for a
 * wrong password. Every call here comes from one address: its allowances of calls and failures are lifted.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.mail.port=3025", Mailbox.LINK_BASE, "identity.throttle.api-free-attempts=1000000",
                "identity.throttle.ip-free-failures=1000000", "identity.throttle.account-free-failures=1000000"})
class NoEnumerationIT {

    /** One server for the class: the mails of the timed calls may still be going out when the next test starts. */
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP).withPerMethodLifecycle(false);

    static final String PASSWORD = "long enough pass";
    static final int WARM_UP = 20;
    static final int TRIES = 200;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    /** One client for every call, so that its connections are reused alike by both kinds of call. */
    RestClient http;

    @BeforeEach
    void client() {
        http = IdentityApi.lenient(port);
    }

    @Test
    void aTakenAddressIsAnsweredAsANewOneLeftAsItWasAndItsOwnerIsToldByMail() {
        var first = signUp("owner@example.com", "the owner's password");
        String id = IdentityApi.userId(jdbc, "owner@example.com");
        String hash = passwordHash(id);
        Mailbox.linkTo(smtp, "owner@example.com", "/verify-email");

        var again = signUp(" Owner@Example.com ", "someone else's password");

        assertThat(again.getStatusCode().value()).isEqualTo(202).isEqualTo(first.getStatusCode().value());
        assertThat(again.getBody()).isEqualTo(first.getBody()).containsOnlyKeys("email", "next")
                .containsEntry("email", "owner@example.com");
        assertThat(again.getHeaders().getLocation()).isNull();
        assertThat(Mailbox.mail(smtp, "owner@example.com", "You already have an account"))
                .contains("https://app.example/login").contains("https://app.example/forgot-password")
                .doesNotContain("someone else").doesNotContain("?token=");
        // one account, its password unchanged, and no event but the first sign-up's names the address
        assertThat(jdbc.sql("SELECT count(*) FROM users WHERE lower(email) = 'owner@example.com'").query(Long.class).single())
                .isEqualTo(1);
        assertThat(passwordHash(id)).isEqualTo(hash);
        assertThat(jdbc.sql("SELECT type FROM outbox WHERE payload::text LIKE '%owner@example.com%'").query(String.class).list())
                .containsExactly("UserRegistered");
        assertThat(Mailbox.links(smtp, "owner@example.com", "/verify-email")).isEqualTo(1);

        var client = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback");
        assertThat(IdentityApi.claims(client.signIn("owner@example.com", "the owner's password"))).containsEntry("sub", id);
        assertThatThrownBy(() -> client.signIn("owner@example.com", "someone else's password"))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
    }

    @Test
    void theHostedSignUpPageShowsATakenAddressTheSamePageAsANewOne() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new BrowserCookies()).build();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                .matcher(browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/signup")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
        assertThat(csrf.find()).isTrue();
        String form = "email=" + URLEncoder.encode("page@example.com", StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpRequest signUp = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/signup"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();

        HttpResponse<String> fresh = browser.send(signUp, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> taken = browser.send(signUp, HttpResponse.BodyHandlers.ofString());

        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body()).contains("Check your mail");
        assertThat(taken.statusCode()).isEqualTo(fresh.statusCode());
        assertThat(taken.body()).isEqualTo(fresh.body());
        Mailbox.linkTo(smtp, "page@example.com", "/verify-email");
        assertThat(Mailbox.mail(smtp, "page@example.com", "You already have an account")).contains("https://app.example/login");
    }

    /**
     * The bound, a quarter of one password hash timed here (and at least 5 ms), lies between what the two ways
     * really differ by and what must not pass. Medians of 200 tries each, taken in turns (so that the machine's other
     * work weighs on both alike), shrug off the odd slow call (a GC pause, a busy core) that would move a mean, and a
     * new account costs only a few more inserts than a taken one (fsync is off in tests: about a millisecond). A leak
     * costs a whole hash (bcrypt 10: 50-100 ms on a 2-core machine): a taken address answered before hashing, as it
     * was, or so much more work on one way.
     */
    @Test
    void signingUpTakesAsLongForATakenAddressAsForANewOne(@Autowired PasswordEncoder passwords) {
        signUp("taken@example.com", PASSWORD);
        long[] fresh = new long[TRIES];
        long[] taken = new long[TRIES];
        for (int i = -WARM_UP; i < TRIES; i++) {
            String address = "new-" + (i + WARM_UP) + "@example.com";
            long[] times = inTurns(i, () -> signUp(address, PASSWORD), () -> signUp("taken@example.com", PASSWORD));
            if (i >= 0) {
                fresh[i] = times[0];
                taken[i] = times[1];
            }
        }
        long[] hashes = new long[21];
        for (int i = 0; i < hashes.length; i++) {
            long start = System.nanoTime();
            passwords.encode(PASSWORD);
            hashes[i] = System.nanoTime() - start;
        }

        assertClose(fresh, taken, Math.max(median(hashes) / 4, 5_000_000), "sign-up, new against taken");
        assertThat(IdentityApi.userId(jdbc, "new-" + (TRIES + WARM_UP - 1) + "@example.com")).isNotBlank();
    }

    /**
     * No hash either way, and each known address asked once (so each gets its token and its mail, as the first asks
     * of an address an hour do): the two ways differ by a few statements, and the mail goes out after the answer
     * (without that it was an SMTP exchange more for a known address). The bound, a quarter of the larger median and
     * at least 5 ms, leaves room for the noise of a shared machine over a difference of about a millisecond.
     */
    @Test
    void askingForAResetTakesAsLongForAnUnknownAddressAsForAKnownOne() {
        jdbc.sql("INSERT INTO users (id, email) SELECT gen_random_uuid(), 'known-' || n || '@example.com' FROM generate_series(0, :last) n")
                .param("last", WARM_UP + TRIES - 1).update();
        long[] known = new long[TRIES];
        long[] unknown = new long[TRIES];
        for (int i = -WARM_UP; i < TRIES; i++) {
            int n = i + WARM_UP;
            long[] times = inTurns(i, () -> reset("known-" + n + "@example.com"), () -> reset("unknown-" + n + "@example.com"));
            if (i >= 0) {
                known[i] = times[0];
                unknown[i] = times[1];
            }
        }

        assertClose(known, unknown, Math.max(Math.max(median(known), median(unknown)) / 4, 5_000_000),
                "password reset, known against unknown");
        assertThat(jdbc.sql("SELECT count(*) FROM verification WHERE purpose = 'PASSWORD_RESET'").query(Long.class).single())
                .isEqualTo(WARM_UP + TRIES);
    }

    /**
     * The form's sign-in of an account with no password (Google or passkeys only) or of a banned one is refused after a
     * hash, as a wrong password is: before, both were answered without one, and the time told them apart. The bound
     * as for sign-up: a quarter of one hash, at least 5 ms; 100 tries of each kind, in turns.
     */
    @Test
    void aFailedSignInTakesAsLongWithoutAPasswordOrBannedAsWithAWrongPassword(@Autowired PasswordEncoder passwords) {
        signUp("has-a-password@example.com", PASSWORD);
        signUp("banned@example.com", PASSWORD);
        jdbc.sql("UPDATE users SET banned_until = now() + interval '1 day' WHERE email = 'banned@example.com'").update();
        jdbc.sql("INSERT INTO users (id, email, email_verified_at) VALUES (gen_random_uuid(), 'google-only@example.com', now())")
                .update();
        var browser = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback").session();
        browser.startAuthorization();
        String[] accounts = {"has-a-password@example.com", "google-only@example.com", "banned@example.com"};
        int tries = 100;
        long[][] times = new long[accounts.length][tries];
        for (int i = -WARM_UP; i < tries; i++) {
            for (int k = 0; k < accounts.length; k++) {
                int account = (k + Math.floorMod(i, accounts.length)) % accounts.length; // each goes first in turn
                String email = accounts[account];
                long start = System.nanoTime();
                assertThatThrownBy(() -> browser.submitPassword(email, "not " + PASSWORD))
                        .isInstanceOf(OAuthTestClient.BadCredentials.class);
                if (i >= 0) {
                    times[account][i] = System.nanoTime() - start;
                }
            }
        }
        String hash = passwordHash(IdentityApi.userId(jdbc, "has-a-password@example.com"));
        long[] hashes = new long[21];
        for (int i = 0; i < hashes.length; i++) {
            long start = System.nanoTime();
            passwords.matches(PASSWORD, hash);
            hashes[i] = System.nanoTime() - start;
        }

        long bound = Math.max(median(hashes) / 4, 5_000_000);
        assertClose(times[0], times[1], bound, "sign-in, wrong password against no password");
        assertClose(times[0], times[2], bound, "sign-in, wrong password against banned");
        assertThatThrownBy(() -> browser.submitPassword("banned@example.com", PASSWORD))
                .as("banned, the right password is refused too").isInstanceOf(OAuthTestClient.BadCredentials.class);
    }

    ResponseEntity<Map> signUp(String email, String password) {
        return http.post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", email, "password", password)).retrieve().toEntity(Map.class);
    }

    ResponseEntity<Map> reset(String email) {
        return http.post().uri("/api/identity/password-reset").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", email)).retrieve().toEntity(Map.class);
    }

    String passwordHash(String userId) {
        return jdbc.sql("SELECT password_hash FROM account WHERE user_id = :id::uuid AND provider = 'password'")
                .param("id", userId).query(String.class).single();
    }

    /** Each call's time in nanoseconds, answered 202; the first goes first on even turns, the second on odd ones. */
    static long[] inTurns(int turn, Supplier<ResponseEntity<Map>> first, Supplier<ResponseEntity<Map>> second) {
        long[] times = new long[2];
        if (turn % 2 == 0) {
            times[0] = timed(first);
            times[1] = timed(second);
        } else {
            times[1] = timed(second);
            times[0] = timed(first);
        }
        return times;
    }

    static long timed(Supplier<ResponseEntity<Map>> call) {
        long start = System.nanoTime();
        ResponseEntity<Map> answer = call.get();
        long took = System.nanoTime() - start;
        assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(202);
        return took;
    }

    static void assertClose(long[] a, long[] b, long bound, String what) {
        long gap = Math.abs(median(a) - median(b));
        assertThat(gap).as("%s: medians %.1f ms and %.1f ms, allowed gap %.1f ms", what, median(a) / 1e6,
                median(b) / 1e6, bound / 1e6).isLessThan(bound);
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
