package app.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ForwardedClientTest {

    static final Predicate<String> INGRESS = Pattern.compile("10\\.\\d+\\.\\d+\\.\\d+").asMatchPredicate();

    @Test
    void theClientIsTheFirstAddressFromTheRightThatIsNoTrustedProxy() {
        assertThat(ForwardedClient.resolve("10.0.0.5", List.of("203.0.113.7"), INGRESS)).isEqualTo("203.0.113.7");
        // two ingress hops, and whatever the client wrote itself on the left
        assertThat(ForwardedClient.resolve("10.0.0.5", List.of("1.2.3.4, 203.0.113.7", "10.0.0.9"), INGRESS))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void aClientConnectingDirectlyCannotPickItsAddress() {
        assertThat(ForwardedClient.resolve("203.0.113.7", List.of("10.0.0.1"), INGRESS)).isEqualTo("203.0.113.7");
        assertThat(ForwardedClient.resolve("203.0.113.7", List.of(), INGRESS)).isEqualTo("203.0.113.7");
    }

    @Test
    void onlyProxiesAllTheWayIsTheLeftmostOne() {
        assertThat(ForwardedClient.resolve("10.0.0.5", List.of("10.0.0.7"), INGRESS)).isEqualTo("10.0.0.7");
        assertThat(ForwardedClient.resolve("10.0.0.5", List.of(), INGRESS)).isEqualTo("10.0.0.5");
    }
}
