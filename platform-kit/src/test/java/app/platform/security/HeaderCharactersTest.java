package app.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/** {@link HeaderCharacters} lets in exactly what the firewall's own regular expressions do. */
class HeaderCharactersTest {

    @Test
    void aNameIsLetInExactlyWhenTheFirewallsExpressionLetsItIn() {
        assertSameAsFirewall(HeaderCharacters::allowedName, StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
    }

    @Test
    void aValueIsLetInExactlyWhenTheFirewallsExpressionLetsItIn() {
        assertSameAsFirewall(HeaderCharacters::allowedValue, StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);
    }

    @Test
    void theCharactersThatDecideAreRefusedAndTheCommonOnesLetIn() {
        assertThat(HeaderCharacters.allowedValue("Bearer eyJ.a-b_c~d+e/f=")).isTrue();
        assertThat(HeaderCharacters.allowedValue("a\tb")).isTrue();
        assertThat(HeaderCharacters.allowedName("a\tb")).isFalse();
        assertThat(HeaderCharacters.allowedValue("a\r\nb")).isFalse();
        assertThat(HeaderCharacters.allowedValue("a\u0000")).isFalse();
        assertThat(HeaderCharacters.allowedValue("\u0378")).isFalse(); // unassigned
        assertThat(HeaderCharacters.allowedValue(null)).isTrue();
    }

    /** Every code point alone, and at the start, middle and end of an ASCII value; then lone and paired surrogates. */
    private static void assertSameAsFirewall(Predicate<String> ours, Predicate<String> firewalls) {
        List<String> differing = new ArrayList<>();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String character = Character.toString(codePoint);
            for (String text : new String[] {character, character + "abc", "ab" + character + "c", "abc" + character}) {
                if (ours.test(text) != firewalls.test(text)) {
                    differing.add(String.format("U+%04X in \"%s\"", codePoint, text.replace(character, "·")));
                }
            }
        }
        for (String text : new String[] {"\uD800", "a\uDC00b", "\uDBFF\uDFFF", "\uD83D\uDE00x", "x\uDE00\uD83D", ""}) {
            if (ours.test(text) != firewalls.test(text)) {
                differing.add(text.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList().toString());
            }
        }
        assertThat(differing).as("values decided otherwise than the firewall").isEmpty();
    }
}
