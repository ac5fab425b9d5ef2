package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A caller that is not a trusted proxy cannot dodge the throttle by making up X-Forwarded-For addresses. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"identity.throttle.api-free-attempts=3", "identity.throttle.base=30s",
                "server.tomcat.remoteip.internal-proxies=10\\.9\\.9\\.9"})
class UntrustedForwardingIT {

    @LocalServerPort
    int port;

    @Test
    void madeUpForwardedAddressesAreIgnored() {
        for (int i = 0; i < 3; i++) {
            assertThat(ThrottlingIT.reset(IdentityApi.lenient(port), "198.51.100." + i)).isEqualTo(202);
        }
        assertThat(ThrottlingIT.reset(IdentityApi.lenient(port), "198.51.100.99")).isEqualTo(429);
    }
}
