package io.visutility.drift.stats;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Builds a {@link Dataset}'s columns from CSV records, deciding each column's kind from all its cells. */
final class CsvDatasetReader {
    private static final Set<String> NON_FINITE = Set.of(
            "nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");
    private static final Set<String> MISSING_MARKERS = Set.of("na", "n/a", "null", "none", "#n/a", "<na>", "#na");

    private CsvDatasetReader() {}

    static Map<String, Column> read(Reader reader, String source) throws IOException {
        CsvRecords records = new CsvRecords(reader, source);
        CsvRecords.Row header = records.next();
        while (header != null && header.blank()) {
            header = records.next();
        }
        if (header == null) {
            throw new DatasetFormatException(source, 0, null,
                    "expected a header row naming the columns, but the input is empty");
        }
        List<String> names = header.cells();
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                throw new DatasetFormatException(source, header.line(), String.valueOf(i + 1),
                        "expected a column name in the header, but the cell is empty");
            }
            Integer earlier = positions.putIfAbsent(name, i + 1);
            if (earlier != null) {
                throw new DatasetFormatException(source, header.line(), describe(name, i + 1),
                        "expected unique column names, but '" + name + "' is also column " + earlier);
            }
        }
        ColumnCells[] cells = new ColumnCells[names.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = new ColumnCells();
        }
        int lastRowLine = 0;
        for (CsvRecords.Row row = records.next(); row != null; row = records.next()) {
            if (row.blank()) {
                continue;
            }
            lastRowLine = row.line();
            if (row.cells().size() != names.size()) {
                throw new DatasetFormatException(source, row.line(), null, "expected " + names.size()
                        + " cells like the header, but got " + row.cells().size());
            }
            for (int i = 0; i < cells.length; i++) {
                cells[i].add(row.cells().get(i), row.line());
            }
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        for (int i = 0; i < cells.length; i++) {
            columns.put(names.get(i), cells[i].build(source, describe(names.get(i), i + 1), lastRowLine));
        }
        return columns;
    }

    private static String describe(String name, int position) {
        return "'" + name + "' (" + position + ")";
    }

    /** What one cell says about its column's kind. */
    private enum Cell { NUMBER, NON_FINITE, MISSING_MARKER, TEXT }

    /** The non-empty cells of one column, with what is needed to decide and check its kind. */
    private static final class ColumnCells {
        private final List<String> texts = new ArrayList<>();
        private double[] numbers = new double[64];
        private int numberCount;
        private boolean text;
        private boolean numberLike;
        private int firstRefusedLine;
        private String firstRefused;

        void add(String cell, int line) {
            if (cell.isEmpty()) {
                return;
            }
            texts.add(cell);
            if (text) {
                return;
            }
            Cell kind = classify(cell);
            switch (kind) {
                case NUMBER -> {
                    numberLike = true;
                    if (numberCount == numbers.length) {
                        numbers = Arrays.copyOf(numbers, numbers.length * 2);
                    }
                    numbers[numberCount++] = Double.parseDouble(cell);
                }
                case NON_FINITE, MISSING_MARKER -> {
                    numberLike |= kind == Cell.NON_FINITE;
                    if (firstRefused == null) {
                        firstRefused = cell;
                        firstRefusedLine = line;
                    }
                }
                case TEXT -> text = true;
            }
        }

        Column build(String source, String column, int lastRowLine) {
            if (texts.isEmpty()) {
                throw new DatasetFormatException(source, 0, column, "expected at least one value, but "
                        + (lastRowLine == 0 ? "there are no rows after the header" : "every cell up to line "
                                + lastRowLine + " is empty"));
            }
            if (text || !numberLike) {
                return Column.categorical(texts.toArray(String[]::new));
            }
            if (firstRefused != null) {
                throw new DatasetFormatException(source, firstRefusedLine, column,
                        "expected a finite number like the column's other cells, but got '" + firstRefused
                                + "' (leave a missing value empty)");
            }
            return Column.numeric(Arrays.copyOf(numbers, numberCount));
        }

        private static Cell classify(String cell) {
            if (isDecimal(cell)) {
                return Double.isFinite(Double.parseDouble(cell)) ? Cell.NUMBER : Cell.NON_FINITE;
            }
            String lower = cell.toLowerCase(Locale.ROOT);
            if (NON_FINITE.contains(lower)) {
                return Cell.NON_FINITE;
            }
            return MISSING_MARKERS.contains(lower) ? Cell.MISSING_MARKER : Cell.TEXT;
        }

        /** {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?} */
        private static boolean isDecimal(String s) {
            int i = 0;
            int n = s.length();
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int digits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
            if (i < n && s.charAt(i) == '.') {
                i++;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                    digits++;
                }
            }
            if (digits == 0) {
                return false;
            }
            if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                    i++;
                }
                int exponent = 0;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                    exponent++;
                }
                if (exponent == 0) {
                    return false;
                }
            }
            return i == n;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
