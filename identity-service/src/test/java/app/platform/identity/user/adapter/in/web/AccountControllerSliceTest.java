package app.platform.identity.user.adapter.in.web;

import static app.platform.identity.user.adapter.in.web.ProblemMatchers.invalidField;
import static app.platform.identity.user.adapter.in.web.ProblemMatchers.problem;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.platform.errors.InvalidInput;
import app.platform.events.EventMetadata;
import app.platform.identity.user.application.ChangeEmail;
import app.platform.identity.user.application.ChangePassword;
import app.platform.identity.user.application.DeleteAccount;
import app.platform.identity.user.application.Reauthenticate;
import java.time.Instant;
import app.platform.identity.web.IdentityWebSlice;
import app.platform.web.Correlation;
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
 * The HTTP contract of my account in a web slice: deleting it only with a token, confirmed by the password (when the
 * account has one), 204 when done; a new password; a new address, 202. The commands are mocks; the sessions that end
 * and the event that tells the services to erase are {@code SessionsIT}'s, the address change {@code EmailChangeIT}'s.
 */
@WebMvcTest(AccountController.class)
@IdentityWebSlice
class AccountControllerSliceTest {

    static final UUID ME = UUID.fromString("c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f");
    static final EventMetadata AS_ME = EventMetadata.ofUser(null, ME);
    static final String DELETE = "/api/identity/me/delete";
    static final String PASSWORD = "/api/identity/me/password";
    static final String EMAIL = "/api/identity/me/email";
    static final Instant SIGNED_IN = Instant.parse("2026-12-01T10:00:00Z");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    DeleteAccount deleteAccount;
    @MockitoBean
    ChangePassword changePassword;
    @MockitoBean
    ChangeEmail changeEmail;

    static RequestPostProcessor asMe() {
        return jwt().jwt(token -> token.subject(ME.toString()).claim("auth_time", SIGNED_IN).claim("session_id", "s-1"));
    }

    ResultActions delete(String json) throws Exception {
        return mvc.perform(post(DELETE).with(asMe()).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void withoutATokenItIsA401ProblemAndTheCorrelationIdIsEchoed() throws Exception {
        problem(mvc.perform(post(DELETE).header(Correlation.HEADER, "slice-account-0001")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"password\":\"long enough pass\"}")), 401)
                .andExpect(header().exists("WWW-Authenticate"))
                .andExpect(header().string(Correlation.HEADER, "slice-account-0001"));
        verifyNoInteractions(deleteAccount);
    }

    @Test
    void myAccountIsDeletedWithMyPassword() throws Exception {
        delete("{\"password\":\"long enough pass\"}").andExpect(status().isNoContent());
        verify(deleteAccount).delete(ME, "long enough pass", SIGNED_IN, AS_ME);
    }

    @Test
    void anAccountWithoutAPasswordIsDeletedWithoutOne() throws Exception {
        delete("{}").andExpect(status().isNoContent());
        verify(deleteAccount).delete(eq(ME), isNull(), eq(SIGNED_IN), eq(AS_ME));
    }

    @Test
    void aWrongPasswordIsRefusedNamingIt() throws Exception {
        doThrow(new InvalidInput("password", "The password is not correct.")).when(deleteAccount).delete(ME, "not it", SIGNED_IN, AS_ME);

        invalidField(delete("{\"password\":\"not it\"}"), "password")
                .andExpect(jsonPath("$.errors[0].message").value("The password is not correct."));
    }

    @Test
    void aTooLongPasswordIsRefused() throws Exception {
        invalidField(delete("{\"password\":\"" + "p".repeat(1025) + "\"}"), "password");
        verifyNoInteractions(deleteAccount);
    }

    @Test
    void aNumberWhereATextBelongsIsRefusedNotCoerced() throws Exception {
        invalidField(delete("{\"password\":12345678}"), "password")
                .andExpect(jsonPath("$.errors[0].message").value("must be a string"));
        verifyNoInteractions(deleteAccount);
    }

    @Test
    void aNulCharacterIsRefused() throws Exception {
        // the JSON escape of NUL, backslash doubled for Java
        invalidField(delete("{\"password\":\"long\\u0000enough\"}"), "password")
                .andExpect(jsonPath("$.errors[0].message").value("must not contain a NUL character"));
        verifyNoInteractions(deleteAccount);
    }

    @Test
    void aLoneSurrogateIsRefused() throws Exception {
        invalidField(delete("{\"password\":\"long\\ud800enough\"}"), "password")
                .andExpect(jsonPath("$.errors[0].message").value("must be valid Unicode (a lone surrogate)"));
        verifyNoInteractions(deleteAccount);
    }

    @Test
    void noBodyIsA400Problem() throws Exception {
        problem(mvc.perform(post(DELETE).with(asMe()).contentType(MediaType.APPLICATION_JSON)), 400);
        verifyNoInteractions(deleteAccount);
    }

    /** A new password is set with the current one (or a recent sign-in), keeping this session. */
    @Test
    void aNewPasswordIsSetKeepingThisSession() throws Exception {
        mvc.perform(post(PASSWORD).with(asMe()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"currentPassword\":\"long enough pass\",\"newPassword\":\"an even longer one\"}"))
                .andExpect(status().isNoContent());
        verify(changePassword).change(ME, "long enough pass", "an even longer one", SIGNED_IN, "s-1", AS_ME);
    }

    /** An account without a password signed in too long ago is asked for a fresh sign-in, as RFC 9470 says. */
    @Test
    void aStaleSignInIsAskedToSignInAgain() throws Exception {
        doThrow(new Reauthenticate.SignInAgain()).when(changePassword)
                .change(ME, null, "an even longer one", SIGNED_IN, "s-1", AS_ME);
        problem(mvc.perform(post(PASSWORD).with(asMe()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"newPassword\":\"an even longer one\"}")), 401)
                .andExpect(header().string("WWW-Authenticate",
                        org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("insufficient_user_authentication"),
                                org.hamcrest.Matchers.containsString("max_age=300"))));
    }

    /** A new address is asked for with the password: 202 and where to look for the link. */
    @Test
    void aNewAddressIsAcceptedAndTheLinkIsOnItsWay() throws Exception {
        when(changeEmail.request(ME, " New@Example.com", "long enough pass", SIGNED_IN)).thenReturn("new@example.com");
        mvc.perform(post(EMAIL).with(asMe()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\" New@Example.com\",\"password\":\"long enough pass\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.email").value("new@example.com"))
                .andExpect(jsonPath("$.next").value("Check your mail at new@example.com: we sent a link to confirm it."));
        verify(changeEmail).request(ME, " New@Example.com", "long enough pass", SIGNED_IN);
    }

    @Test
    void aTooLongAddressIsRefusedNamingIt() throws Exception {
        invalidField(mvc.perform(post(EMAIL).with(asMe()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\":\"" + "a".repeat(310) + "@example.com\",\"password\":\"long enough pass\"}")),
                "email");
        verifyNoInteractions(changeEmail);
    }
}
