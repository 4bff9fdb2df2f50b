package io.visutility.cli;

import java.io.IOException;
import io.visutility.drift.stats.CsvRecords;
import io.visutility.drift.stats.DatasetFormatException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One numeric column of a CSV file, in file order, with the line each value came from: the input of
 * {@code drift detect}. The file has a header row; cells may be quoted as in RFC 4180; blank lines
 * are skipped; an empty or non-numeric cell in the chosen column is refused, naming its line.
 *
 * @param file the file, as named on the command line
 * @param column the chosen column's name
 * @param values the column's values in file order
 * @param lines the 1-based line of each value
 */
record DriftStream(Path file, String column, double[] values, int[] lines) {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * Reads {@code column} of {@code file}, or its last column when {@code column} is null.
     *
     * @throws VisutilityCommand.UserError naming the file (and line) when it cannot be used
     */
    static DriftStream read(Path file, String column) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file, column);
        } catch (CharacterCodingException e) {
            throw refused(file, 0, "expected UTF-8 text but the file holds other bytes");
        }
    }

    private static DriftStream read(Reader in, Path file, String column) throws IOException {
        CsvRecords records = new CsvRecords(in, file.toString());
        CsvRecords.Row header = nextNonBlank(records);
        if (header == null) {
            throw refused(file, 0, "expected a header row naming the columns, but the file is empty");
        }
        List<String> names = header.cells();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw refused(file, header.line(), "expected unique column names in the header, but '" + name
                        + "' appears twice");
            }
        }
        int index = column == null ? names.size() - 1 : names.indexOf(column);
        if (index < 0) {
            throw refused(file, 0, "expected a column '" + column + "' but the header names " + names);
        }
        String name = names.get(index);
        double[] values = new double[1024];
        int[] lines = new int[1024];
        int n = 0;
        for (CsvRecords.Row row = nextNonBlank(records); row != null; row = nextNonBlank(records)) {
            int line = row.line();
            if (row.cells().size() != names.size()) {
                throw refused(file, line, "expected " + names.size() + " cell(s) like the header, but got "
                        + row.cells().size());
            }
            String cell = row.cells().get(index);
            if (cell.isEmpty()) {
                throw refused(file, line, "column '" + name + "': expected a number but the cell is empty");
            }
            if (!DECIMAL.matcher(cell).matches() || !Double.isFinite(Double.parseDouble(cell))) {
                throw refused(file, line, "column '" + name + "': expected a finite number but got '" + cell + "'");
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
                lines = Arrays.copyOf(lines, n * 2);
            }
            values[n] = Double.parseDouble(cell);
            lines[n++] = line;
        }
        if (n == 0) {
            throw refused(file, 0, "expected values after the header, but there are none");
        }
        return new DriftStream(file, name, Arrays.copyOf(values, n), Arrays.copyOf(lines, n));
    }

    /** The next record that is not an empty line, or null; malformed quoting is refused. */
    private static CsvRecords.Row nextNonBlank(CsvRecords records) throws IOException {
        try {
            CsvRecords.Row row = records.next();
            while (row != null && row.blank()) {
                row = records.next();
            }
            return row;
        } catch (DatasetFormatException e) {
            throw new VisutilityCommand.UserError(e.getMessage());
        }
    }

    static VisutilityCommand.UserError refused(Path file, int line, String detail) {
        return new VisutilityCommand.UserError(file + (line > 0 ? " line " + line : "") + ": " + detail);
    }
}
