package app.platform.identity.legacy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The password hash as the reverse stream gives it back to GoTrue. */
class LegacyUserTest {

    static final String BCRYPT = "$2a$10$YZP8JtE1mCo4IAI4tfI5a.yX1XXtIIcEQJEHp280FG9xrLRaH7rM6";

    @Test
    void identitysOwnBcryptLosesItsPrefixAndImportedHashesStayAsTheyAre() {
        assertThat(LegacyUser.legacyHash("{bcrypt}" + BCRYPT)).isEqualTo(BCRYPT);
        assertThat(LegacyUser.legacyHash(BCRYPT)).isEqualTo(BCRYPT);
        String argon2 = "$argon2id$v=19$m=16384,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g";
        assertThat(LegacyUser.legacyHash(argon2)).isEqualTo(argon2);
    }

    @Test
    void noPasswordOrAFormGoTrueCannotVerifyIsNone() {
        assertThat(LegacyUser.legacyHash(null)).isEmpty();
        assertThat(LegacyUser.legacyHash("{noop}secret")).isEmpty();
        assertThat(LegacyUser.legacyHash("{bcrypt}not a hash")).isEmpty();
    }

    @Test
    void aLegacyHashIdentityCouldNotVerifyStaysWhileNoPasswordWasSetHereAndTheUserLives() {
        String encrypted = "{\"key_id\":\"k1\",\"alg\":\"aes-gcm-hkdf\",\"nonce\":\"n\",\"data\":\"d\"}";
        assertThat(LegacyUser.legacyHash(null, encrypted, false, false)).isEqualTo(encrypted);
        assertThat(LegacyUser.legacyHash(null, "md5:abc", false, false)).isEqualTo("md5:abc");
        assertThat(LegacyUser.legacyHash("{bcrypt}" + BCRYPT, encrypted, false, true)).as("a password set here").isEqualTo(BCRYPT);
        assertThat(LegacyUser.legacyHash(null, encrypted, true, false)).as("deleted").isEmpty();
        // a verifiable legacy hash gone here was removed here (a takeover of the address): none
        assertThat(LegacyUser.legacyHash(null, BCRYPT, false, false)).isEmpty();
        assertThat(LegacyUser.legacyHash(null, null, false, false)).isEmpty();
        // imported unconfirmed, the address proved here since (Google's claim): whoever set the password never did
        assertThat(LegacyUser.legacyHash(null, encrypted, false, true)).isEmpty();
    }
}
