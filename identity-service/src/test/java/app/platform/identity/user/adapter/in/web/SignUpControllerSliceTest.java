package app.platform.identity.user.adapter.in.web;

import static app.platform.identity.user.adapter.in.web.ProblemMatchers.invalidField;
import static app.platform.identity.user.adapter.in.web.ProblemMatchers.problem;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.platform.errors.InvalidInput;
import app.platform.identity.user.application.RegisterUser;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.web.IdentityWebSlice;
import app.platform.web.Correlation;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The HTTP contract of sign-up in a web slice: a public call (no token) that answers 202 with the address and what
 * to do next (and no user id: a taken address gets the same answer), the problems of a refused one, what strict JSON
 * refuses, and the account read back by its own user only. RegisterUser is a mock; the transaction, the event and
 * the mail are {@code SignUpAndSignInIT}'s and {@code NoEnumerationIT}'s.
 */
@WebMvcTest(SignUpController.class)
@IdentityWebSlice
class SignUpControllerSliceTest {

    static final UUID ME = UUID.fromString("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    static final String USERS = "/api/identity/users";
    static final String CORRELATION_ID = "slice-signup-0001";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    RegisterUser registerUser;

    /** Signed in as {@link #ME}: the token's subject is the user id. */
    static RequestPostProcessor asMe() {
        return jwt().jwt(token -> token.subject(ME.toString()));
    }

    ResultActions signUp(String json) throws Exception {
        return mvc.perform(post(USERS).contentType(MediaType.APPLICATION_JSON).content(json)
                .header(Correlation.HEADER, CORRELATION_ID));
    }

    static String body(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    /** An error as every service answers it: its status, problem+json, the status again in the body. */
    @Test
    void aSignUpIs202WithTheAddressAndWhatToDoNextButNoUserIdAndTheCorrelationIdEchoed() throws Exception {
        when(registerUser.register("ada@example.com", "correct horse battery"))
                .thenReturn(new RegisterUser.Accepted("ada@example.com"));

        signUp(body("ada@example.com", "correct horse battery"))
                .andExpect(status().isAccepted())
                .andExpect(header().doesNotExist("Location"))
                .andExpect(header().string(Correlation.HEADER, CORRELATION_ID))
                .andExpect(jsonPath("$.email").value("ada@example.com"))
                .andExpect(jsonPath("$.next").value(SignUpController.CHECK_YOUR_MAIL))
                .andExpect(jsonPath("$.id").doesNotExist());
    }

    @Test
    void aWeakPasswordIsRefusedByThePolicyNamingIt() throws Exception {
        when(registerUser.register("weak@example.com", "short"))
                .thenThrow(new InvalidInput("password", "must be at least 12 characters"));

        invalidField(signUp(body("weak@example.com", "short")), "password")
                .andExpect(header().string(Correlation.HEADER, CORRELATION_ID));
    }

    @Test
    void aMissingEmailIsRefused() throws Exception {
        invalidField(signUp("{\"password\":\"long enough pass\"}"), "email");
        verifyNoInteractions(registerUser);
    }

    @Test
    void aTooLongPasswordIsRefused() throws Exception {
        invalidField(signUp(body("ada@example.com", "p".repeat(1025))), "password");
        verifyNoInteractions(registerUser);
    }

    @Test
    void aNumberWhereATextBelongsIsRefusedNotCoerced() throws Exception {
        invalidField(signUp("{\"email\":42,\"password\":\"long enough pass\"}"), "email")
                .andExpect(jsonPath("$.errors[0].message").value("must be a string"));
        verifyNoInteractions(registerUser);
    }

    @Test
    void aNulCharacterIsRefused() throws Exception {
        // the JSON escape of NUL, backslash doubled for Java
        invalidField(signUp(body("ada\\u0000@example.com", "long enough pass")), "email")
                .andExpect(jsonPath("$.errors[0].message").value("must not contain a NUL character"));
        verifyNoInteractions(registerUser);
    }

    @Test
    void aLoneSurrogateIsRefused() throws Exception {
        invalidField(signUp(body("ada@example.com", "long enough \\udc00pass")), "password")
                .andExpect(jsonPath("$.errors[0].message").value("must be valid Unicode (a lone surrogate)"));
        verifyNoInteractions(registerUser);
    }

    @Test
    void aBodyThatIsNotJsonIsA400Problem() throws Exception {
        problem(signUp("{oops"), 400);
        verifyNoInteractions(registerUser);
    }

    @Test
    void readingAnAccountNeedsAToken() throws Exception {
        problem(mvc.perform(get(USERS + "/" + ME).header(Correlation.HEADER, CORRELATION_ID)), 401)
                .andExpect(header().exists("WWW-Authenticate"))
                .andExpect(header().string(Correlation.HEADER, CORRELATION_ID));
        verifyNoInteractions(registerUser);
    }

    @Test
    void myAccountIsMine() throws Exception {
        when(registerUser.account(ME))
                .thenReturn(Optional.of(new UserRepository.UserSummary(ME, "ada@example.com", true, NOW, null, false)));

        mvc.perform(get(USERS + "/" + ME).with(asMe()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.email").value("ada@example.com"));
    }

    @Test
    void someoneElsesAccountIsNotFound() throws Exception {
        UUID theirs = UUID.randomUUID();
        when(registerUser.account(theirs))
                .thenReturn(Optional.of(new UserRepository.UserSummary(theirs, "bo@example.com", true, NOW, null, false)));

        problem(mvc.perform(get(USERS + "/" + theirs).with(asMe())), 404);
    }

    @Test
    void aParameterWithANulCharacterIsRefusedBeforeAnyControllerReadsIt() throws Exception {
        problem(mvc.perform(get(USERS + "/" + ME).param("note", "a\0b").with(asMe())), 400);
        verifyNoInteractions(registerUser);
    }
}
