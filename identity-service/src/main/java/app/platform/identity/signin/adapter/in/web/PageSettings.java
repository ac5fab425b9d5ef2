package app.platform.identity.signin.adapter.in.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code identity.pages.*}: where a sign-in on the hosted page that no application started lands. */
@ConfigurationProperties("identity.pages")
record PageSettings(String home) {
}
