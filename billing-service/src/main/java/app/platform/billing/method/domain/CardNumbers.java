package app.platform.billing.method.domain;

/**
 * Card numbers never enter billing: a value that looks like one (12 to 19 digits, spaces or dashes allowed, valid
 * Luhn check digit) is refused before it is stored, logged or echoed.
 */
public final class CardNumbers {

    private CardNumbers() {
    }

    public static boolean looksLikeOne(String value) {
        if (value == null) {
            return false;
        }
        String digits = value.replaceAll("[\\s-]", "");
        if (!digits.matches("\\d{12,19}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
