package app.platform.identity.user.adapter.in.web;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.platform.web.Problems;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/** What identity answers on an error, as its slice tests check it: RFC 9457 problem+json. */
final class ProblemMatchers {

    private ProblemMatchers() {
    }

    static ResultActions problem(ResultActions result, int status) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status));
    }

    static ResultActions invalidField(ResultActions result, String field) throws Exception {
        return problem(result, 400)
                .andExpect(jsonPath("$.type").value(Problems.INVALID_REQUEST.toString()))
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }
}
