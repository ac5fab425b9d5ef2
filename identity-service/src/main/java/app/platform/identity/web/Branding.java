package app.platform.identity.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code identity.branding.*}: how the hosted pages look, set by configuration with no rebuild: the product's
 * name, its logo (an image URL; none shows the name alone), the main colour and the text colour on it, and where
 * people get help. Colours are checked to be CSS hex colours, since they are written into the theme's stylesheet.
 */
@Validated
@ConfigurationProperties("identity.branding")
public record Branding(@NotBlank String productName, String logoUrl,
                       @Pattern(regexp = "#[0-9a-fA-F]{3,8}") String primaryColor,
                       @Pattern(regexp = "#[0-9a-fA-F]{3,8}") String onPrimaryColor,
                       String supportUrl) {
}
