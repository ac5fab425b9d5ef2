package app.platform.audit.query.adapter.in.web;

import java.util.regex.Pattern;

/** The CSV of the audit export: RFC 4180 cells a spreadsheet never runs as a formula (OWASP's CSV injection). */
final class Csv {

    /**
     * The start of a line (of the value, or after a line break inside it) that a spreadsheet may take as a formula:
     * {@code = + - @}, a tab or a carriage return.
     */
    private static final Pattern FORMULA_LINE = Pattern.compile("(?m)^(?=[=+\\-@\\t\\r])");

    private Csv() {
    }

    /**
     * A quoted cell, inner quotes doubled; every line of the value that starts like a formula is prefixed with a
     * single quote, so it is shown as text. Null is the empty cell.
     */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String defused = FORMULA_LINE.matcher(value).replaceAll("'");
        return "\"" + defused.replace("\"", "\"\"") + "\"";
    }
}
