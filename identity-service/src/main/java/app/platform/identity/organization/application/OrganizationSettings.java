package app.platform.identity.organization.application;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code identity.organizations.*}: how many invitations one user may send in any hour, all organizations together. */
@ConfigurationProperties("identity.organizations")
public record OrganizationSettings(@DefaultValue("20") int invitationsPerHour) {
}
