package app.platform.testkit.archfixture.leaky.domain;

/** A domain class that uses a framework. */
public class Leaky {
    public Object clock() {
        return reactor.core.publisher.Mono.empty();
    }
}
