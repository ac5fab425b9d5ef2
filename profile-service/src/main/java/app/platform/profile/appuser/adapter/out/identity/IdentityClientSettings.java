package app.platform.profile.appuser.adapter.out.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code profile.identity.*}: identity-service's address and the client-credentials client ({@code platform-services})
 * profile reads its user list with.
 */
@ConfigurationProperties("profile.identity")
record IdentityClientSettings(String url, String clientId, String clientSecret) {

    IdentityClientSettings {
        if (url == null || url.isBlank() || clientId == null || clientId.isBlank() || clientSecret == null) {
            throw new IllegalArgumentException(
                    "profile.identity.url, profile.identity.client-id and profile.identity.client-secret must be set");
        }
    }

    @Override
    public String toString() {
        return "IdentityClientSettings[url=" + url + ", clientId=" + clientId + ", clientSecret=<redacted>]";
    }
}
