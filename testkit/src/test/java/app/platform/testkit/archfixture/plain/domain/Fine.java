package app.platform.testkit.archfixture.plain.domain;

/** A domain class that keeps every rule. */
public record Fine(String name) {
}
