package app.platform.relay.legacy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LeftOutColumnsTest {

    private final LeftOutColumns leftOut =
            LeftOutColumns.with(List.of("auth.users.confirmed_at", "auth.identities.email"));

    @Test
    void leavesOutTheGeneratedColumnsAndGoTruesTokens() {
        assertThat(leftOut.contains("auth.users", "confirmed_at")).isTrue();
        assertThat(leftOut.contains("auth.identities", "email")).isTrue();
        assertThat(leftOut.contains("auth.users", "recovery_token")).isTrue();
        assertThat(leftOut.contains("auth.users", "reauthentication_token")).isTrue();
        assertThat(leftOut.contains("auth.users", "email")).isFalse();
        assertThat(leftOut.contains("public.users", "recovery_token")).as("only auth.users' tokens").isFalse();
        assertThat(LeftOutColumns.with(List.of()).columns()).containsExactlyInAnyOrderElementsOf(LeftOutColumns.TOKENS);
    }

    @Test
    void theExcludeListMatchesEachFullNameExactly() {
        String excludeList = leftOut.excludeList();
        List<Pattern> patterns = List.of(excludeList.split(",")).stream().map(Pattern::compile).toList();

        assertThat(patterns).hasSize(8);
        assertThat(patterns).anyMatch(p -> p.matcher("auth.users.phone_change_token").matches());
        assertThat(patterns).anyMatch(p -> p.matcher("auth.users.confirmed_at").matches());
        assertThat(patterns).as("dots are literal")
                .noneMatch(p -> p.matcher("authXusers.phone_change_token").matches());
        assertThat(patterns).as("whole names only").noneMatch(p -> p.matcher("auth.users.phone").matches());
        LeftOutColumns foundTheOtherWay =
                LeftOutColumns.with(List.of("auth.identities.email", "auth.users.confirmed_at"));
        assertThat(excludeList).as("in name order, whatever the order found").isEqualTo(foundTheOtherWay.excludeList());
    }
}
