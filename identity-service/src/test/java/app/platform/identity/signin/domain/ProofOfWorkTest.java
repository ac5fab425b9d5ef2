package app.platform.identity.signin.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProofOfWorkTest {

    @Test
    void countsTheLeadingZeroBitsOfTheHash() {
        assertThat(ProofOfWork.leadingZeroBits(new byte[] {0, 0, 1})).isEqualTo(23);
        assertThat(ProofOfWork.leadingZeroBits(new byte[] {0, (byte) 0x80})).isEqualTo(8);
        assertThat(ProofOfWork.leadingZeroBits(new byte[] {0x10})).isEqualTo(3);
        assertThat(ProofOfWork.leadingZeroBits(new byte[] {0, 0})).isEqualTo(16);
    }

    /** An answer found by search solves its challenge at its difficulty, and not another challenge's. */
    @Test
    void anAnswerSolvesItsOwnChallengeOnly() {
        String nonce = null;
        for (long n = 0; nonce == null; n++) {
            if (ProofOfWork.solves("token-a", Long.toString(n, 36), 10)) {
                nonce = Long.toString(n, 36);
            }
        }
        assertThat(ProofOfWork.solves("token-a", nonce, 10)).isTrue();
        assertThat(ProofOfWork.solves("token-b", nonce, 10)).as("another challenge (2^-10 chance of a collision)").isFalse();
        assertThat(ProofOfWork.solves("token-a", "", 0)).isFalse();
        assertThat(ProofOfWork.solves("token-a", null, 0)).isFalse();
        assertThat(ProofOfWork.solves("token-a", "x".repeat(65), 0)).isFalse();
    }
}
