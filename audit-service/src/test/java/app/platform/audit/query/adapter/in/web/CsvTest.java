package app.platform.audit.query.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A CSV cell is quoted (RFC 4180) and no line of it starts as a spreadsheet formula (OWASP's CSV injection). */
class CsvTest {

    @Test
    void aCellIsQuotedWithItsQuotesDoubledAndNullIsEmpty() {
        assertThat(Csv.cell("identity.user")).isEqualTo("\"identity.user\"");
        assertThat(Csv.cell("say \"hi\", twice")).isEqualTo("\"say \"\"hi\"\", twice\"");
        assertThat(Csv.cell("")).isEqualTo("\"\"");
        assertThat(Csv.cell(null)).isEmpty();
    }

    @Test
    void aValueThatStartsLikeAFormulaIsShownAsText() {
        assertThat(Csv.cell("=1+1")).isEqualTo("\"'=1+1\"");
        assertThat(Csv.cell("+1")).isEqualTo("\"'+1\"");
        assertThat(Csv.cell("-1")).isEqualTo("\"'-1\"");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(Csv.cell("\t=1+1")).isEqualTo("\"'\t=1+1\"");
        assertThat(Csv.cell("\r=1+1")).isEqualTo("\"'\r'=1+1\"");
    }

    @Test
    void everyLineOfAMultiLineValueIsDefused() {
        assertThat(Csv.cell("=HYPERLINK(\"http://evil.example\")\nsecond line"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil.example\"\")\nsecond line\"");
        assertThat(Csv.cell("a note\n=HYPERLINK(\"http://evil.example\")"))
                .isEqualTo("\"a note\n'=HYPERLINK(\"\"http://evil.example\"\")\"");
        assertThat(Csv.cell("one\r\n@two\r+three\n\tfour")).isEqualTo("\"one\r\n'@two\r'+three\n'\tfour\"");
    }

    @Test
    void formulaCharactersInsideALineAreLeftAlone() {
        assertThat(Csv.cell("a-1 = b+c @ d")).isEqualTo("\"a-1 = b+c @ d\"");
        assertThat(Csv.cell("{\"amount\": -1}")).isEqualTo("\"{\"\"amount\"\": -1}\"");
        assertThat(Csv.cell("user:4e5f6a7b-8c9d")).isEqualTo("\"user:4e5f6a7b-8c9d\"");
    }
}
