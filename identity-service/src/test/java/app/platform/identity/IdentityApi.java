package app.platform.identity;

import org.springframework.web.client.RestClient;

/** The HTTP client of the identity tests: every status comes back as a response, none as an exception. */
final class IdentityApi {

    private IdentityApi() {
    }

    static RestClient lenient(int port) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(s -> true, (req, res) -> { }).build();
    }
}
