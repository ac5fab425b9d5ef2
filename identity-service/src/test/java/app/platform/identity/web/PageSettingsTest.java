package app.platform.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a hosted page goes next: a path of this site, never off it, however the address is dressed. */
class PageSettingsTest {

    final PageSettings pages = new PageSettings("/home");

    @Test
    void aPathOfThisSiteIsFollowed() {
        assertThat(pages.next("/account")).isEqualTo("/account");
        assertThat(pages.next("/passkeys/new?next=/account#keys")).isEqualTo("/passkeys/new?next=/account#keys");
    }

    @Test
    void anythingThatABrowserReadsAsAnotherHostGoesHome() {
        // a tab or a line break is dropped by the browser, a backslash read as a slash: each is //evil.example to it
        for (String next : new String[] {null, "", "account", "https://evil.example", "//evil.example", "/\\evil.example",
                "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/x\\..\\/evil", "/\u007f/evil.example"}) {
            assertThat(pages.next(next)).as(String.valueOf(next)).isEqualTo("/home");
        }
    }
}
