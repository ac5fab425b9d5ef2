package app.platform.identity.google.adapter.in.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code identity.google.*}: the OIDC client of Google sign-in (none while the client id is empty) and its issuer. */
@ConfigurationProperties("identity.google")
record GoogleSettings(String clientId, String clientSecret, String issuer) {

    @Override
    public String toString() {
        return "GoogleSettings[clientId=" + clientId + ", clientSecret=<redacted>, issuer=" + issuer + "]";
    }
}
