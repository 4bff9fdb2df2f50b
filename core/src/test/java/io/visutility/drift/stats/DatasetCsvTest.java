package io.visutility.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading data sets from CSV: kinds, missing cells, quoting, and refusals that name source, line and column. */
class DatasetCsvTest {

    @TempDir
    Path dir;

    @Test
    void infersNumericAndCategoricalColumnsAndDropsEmptyCells() throws IOException {
        Dataset d = read("""
                age,city,score
                31,Lyon,1.5
                ,Oslo,-2e3
                40,,
                27, Lyon ,.5
                """);
        assertThat(d.names()).containsExactly("age", "city", "score");
        assertThat(d.source()).isEqualTo("test.csv");
        Column age = d.column("age").orElseThrow();
        assertThat(age.isNumeric()).isTrue();
        assertThat(((NumericColumn) age).sorted()).containsExactly(27, 31, 40);
        Column city = d.column("city").orElseThrow();
        assertThat(city.isNumeric()).isFalse();
        assertThat(((CategoricalColumn) city).values()).containsExactly("Lyon", "Oslo", "Lyon");
        assertThat(((NumericColumn) d.column("score").orElseThrow()).sorted()).containsExactly(-2000, 0.5, 1.5);
        assertThat(d.column("missing")).isEmpty();
    }

    @Test
    void aSingleNonNumericCellMakesTheColumnCategorical() throws IOException {
        Dataset d = read("code\n404\n500\nE1\n404\n");
        Column code = d.column("code").orElseThrow();
        assertThat(code.isNumeric()).isFalse();
        assertThat(code.distinctCount()).isEqualTo(3);
        assertThat(read("code\nE1\n1e5x\n").column("code").orElseThrow().isNumeric()).isFalse();
    }

    @Test
    void onlyPlainDecimalNumbersAreNumeric() throws IOException {
        for (String text : new String[] {"0x10", "1d", "1f", "1e", "+", ".", "1.2.3", "1 000", "١٢"}) {
            assertThat(read("x\n1\n\"" + text + "\"\n").column("x").orElseThrow().isNumeric()).as(text).isFalse();
        }
        assertThat(read("x\n+1.\n-.5E-3\n\"7\"\n").column("x").orElseThrow().isNumeric()).isTrue();
    }

    @Test
    void handlesQuotesCrlfBomAndBlankLines() throws IOException {
        Dataset d = read("\uFEFFname,\"note, with comma\"\r\n"
                + "\"New York, NY\",\"say \"\"hi\"\"\"\r\n"
                + "\r\n"
                + "Lyon,\"two\nlines\"\r\n"
                + "\"  padded  \",plain\r\n");
        assertThat(d.names()).containsExactly("name", "note, with comma");
        assertThat(((CategoricalColumn) d.column("name").orElseThrow()).values())
                .containsExactly("New York, NY", "Lyon", "  padded  ");
        assertThat(((CategoricalColumn) d.column("note, with comma").orElseThrow()).values())
                .containsExactly("say \"hi\"", "two\nlines", "plain");
    }

    @Test
    void readsAFileNamingItAsTheSource() throws IOException {
        Path file = dir.resolve("reference.csv");
        Files.writeString(file, "x,y\n1,a\n2,b\n", StandardCharsets.UTF_8);
        Dataset d = Dataset.readCsv(file);
        assertThat(d.source()).isEqualTo(file.toString());
        assertThat(d.column("x").orElseThrow().size()).isEqualTo(2);
        Files.writeString(file, "x,y\n1,a\n2\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Dataset.readCsv(file)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(file + " line 3: expected 2 cells like the header, but got 1");
    }

    @Test
    void refusesARaggedRowNamingItsLine() {
        assertThatThrownBy(() -> read("a,b,c\n1,2,3\n\"multi\nline\",5,6\n4,5\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("test.csv line 5: expected 3 cells like the header, but got 2")
                .satisfies(e -> assertThat(((DatasetFormatException) e).line()).isEqualTo(OptionalInt.of(5)));
        assertThatThrownBy(() -> read("a,b\n1,2,3\n"))
                .hasMessage("test.csv line 2: expected 2 cells like the header, but got 3");
    }

    @Test
    void refusesDuplicateAndEmptyColumnNames() {
        assertThatThrownBy(() -> read("age,city,age\n1,a,2\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("test.csv line 1, column 'age' (3): expected unique column names, but 'age' is also column 1");
        assertThatThrownBy(() -> read("age,,city\n1,2,a\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("test.csv line 1, column 2: expected a column name in the header, but the cell is empty")
                .satisfies(e -> assertThat(((DatasetFormatException) e).column()).contains("2"));
    }

    @Test
    void refusesAColumnWithoutValues() {
        assertThatThrownBy(() -> read("a,b\n1,\n2,\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("test.csv column 'b' (2): expected at least one value, but every cell up to line 3 is empty");
        assertThatThrownBy(() -> read("a,b\n"))
                .hasMessage("test.csv column 'a' (1): expected at least one value, but there are no rows after the header");
    }

    @Test
    void refusesAnEmptyInput() {
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("test.csv: expected a header row naming the columns, but the input is empty");
        assertThatThrownBy(() -> read("\n\n")).hasMessageContaining("the input is empty");
    }

    @Test
    void refusesNonFiniteNumbersInANumericColumn() {
        assertThatThrownBy(() -> read("id,income\na,1.5\nb,2\nc,NaN\nd,inf\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("test.csv line 4, column 'income' (2): expected a finite number like the column's other "
                        + "cells, but got 'NaN' (leave a missing value empty)");
        assertThatThrownBy(() -> read("x\n-Infinity\n3\n")).hasMessageContaining("line 2, column 'x' (1)")
                .hasMessageContaining("got '-Infinity'");
        assertThatThrownBy(() -> read("x\n1\n1e999\n")).hasMessageContaining("line 3").hasMessageContaining("'1e999'");
        assertThatThrownBy(() -> read("x\nNaN\n")).hasMessageContaining("line 2").hasMessageContaining("'NaN'");
    }

    @Test
    void refusesMissingValueMarkersInANumericColumn() {
        assertThatThrownBy(() -> read("x\n1\nNA\n2\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("test.csv line 3, column 'x' (1): expected a finite number like the column's other "
                        + "cells, but got 'NA' (leave a missing value empty)");
        assertThatThrownBy(() -> read("x\n1\nnull\n")).hasMessageContaining("got 'null'");
    }

    @Test
    void keepsNaNAndMarkersAsCategoriesInATextColumn() throws IOException {
        Column c = read("x\nNaN\nNA\nred\n").column("x").orElseThrow();
        assertThat(c.isNumeric()).isFalse();
        assertThat(((CategoricalColumn) c).values()).containsExactly("NaN", "NA", "red");
        assertThat(read("x\nNA\nnull\n").column("x").orElseThrow().isNumeric()).isFalse();
    }

    @Test
    void refusesMalformedQuotes() {
        assertThatThrownBy(() -> read("a,b\n1,\"open\n2,3\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("test.csv line 2, column 2: expected a closing '\"' for the quoted cell opened here, "
                        + "but the input ended");
        assertThatThrownBy(() -> read("a,b\n\"x\"y,1\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith("test.csv line 2, column 1: expected ',' or the end of the line after "
                        + "a closing '\"', but got 'y'");
    }

    @Test
    void buildsADataSetInMemoryInMapOrder() {
        var columns = new java.util.LinkedHashMap<String, Column>();
        columns.put("z", Column.numeric(new double[] {1}));
        columns.put("a", Column.categorical(new String[] {"x"}));
        Dataset d = Dataset.of("reference", columns);
        assertThat(d.names()).containsExactly("z", "a");
        assertThat(d.source()).isEqualTo("reference");
        assertThatThrownBy(() -> Dataset.of("empty", java.util.Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected at least one column in empty, but got none");
    }

    private static Dataset read(String csv) throws IOException {
        return Dataset.readCsv(new StringReader(csv), "test.csv");
    }
}
