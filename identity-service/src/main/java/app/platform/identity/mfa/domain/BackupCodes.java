package app.platform.identity.mfa.domain;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Ten single-use recovery codes of ten characters (about 50 bits each), shown once as {@code xxxxx-xxxxx}. */
public final class BackupCodes {

    public static final int COUNT = 10;
    private static final char[] ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupCodes() {
    }

    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < 10; c++) {
                code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
            }
            codes.add(code.substring(0, 5) + "-" + code.substring(5));
        }
        return codes;
    }

    /** What is compared: lower case, without the dash or spaces a user may type. */
    public static String normalize(String typed) {
        return typed == null ? "" : typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    /** A backup code looks like ten letters and digits; a TOTP code is six digits. */
    public static boolean looksLikeOne(String typed) {
        return normalize(typed).matches("[a-z0-9]{10}");
    }
}
