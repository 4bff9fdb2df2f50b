package io.visutility.cli;

import java.io.IOException;
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
        Records records = new Records(in, file);
        List<String> header = records.next();
        while (header != null && records.blank(header)) {
            header = records.next();
        }
        if (header == null) {
            throw refused(file, 0, "expected a header row naming the columns, but the file is empty");
        }
        int headerLine = records.recordLine;
        Set<String> seen = new HashSet<>();
        for (String name : header) {
            if (!seen.add(name)) {
                throw refused(file, headerLine, "expected unique column names in the header, but '" + name
                        + "' appears twice");
            }
        }
        int index = column == null ? header.size() - 1 : header.indexOf(column);
        if (index < 0) {
            throw refused(file, 0, "expected a column '" + column + "' but the header names " + header);
        }
        String name = header.get(index);
        double[] values = new double[1024];
        int[] lines = new int[1024];
        int n = 0;
        for (List<String> row = records.next(); row != null; row = records.next()) {
            if (records.blank(row)) {
                continue;
            }
            int line = records.recordLine;
            if (row.size() != header.size()) {
                throw refused(file, line, "expected " + header.size() + " cell(s) like the header, but got "
                        + row.size());
            }
            String cell = row.get(index);
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

    static VisutilityCommand.UserError refused(Path file, int line, String detail) {
        return new VisutilityCommand.UserError(file + (line > 0 ? " line " + line : "") + ": " + detail);
    }

    /** Splits RFC 4180 text into records; {@link #recordLine} is the line the last record started on. */
    private static final class Records {
        private final Reader in;
        private final Path file;
        private final StringBuilder cell = new StringBuilder();
        private int line = 1;
        private int recordLine;
        private int pending = -2;
        private boolean first = true;
        private boolean lastQuoted;

        Records(Reader in, Path file) {
            this.in = in;
            this.file = file;
        }

        /** A record that is an empty line (one empty, unquoted cell). */
        boolean blank(List<String> record) {
            return record.size() == 1 && record.get(0).isEmpty() && !lastQuoted;
        }

        /** The next record's cells, or null at the end of the file. */
        List<String> next() throws IOException {
            int c = read();
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    c = read();
                }
            }
            if (c == -1) {
                return null;
            }
            recordLine = line;
            lastQuoted = false;
            List<String> cells = new ArrayList<>();
            while (true) {
                cell.setLength(0);
                if (c == '"') {
                    lastQuoted = true;
                    c = quoted(cells.size() + 1);
                    cells.add(cell.toString());
                } else {
                    while (c != -1 && c != ',' && c != '\n' && c != '\r') {
                        cell.append((char) c);
                        c = read();
                    }
                    cells.add(cell.toString().strip());
                }
                if (c == ',') {
                    c = read();
                    continue;
                }
                endOfLine(c);
                return cells;
            }
        }

        /** Reads a quoted cell after its opening quote; returns the character after the closing one. */
        private int quoted(int position) throws IOException {
            int opened = line;
            while (true) {
                int c = read();
                if (c == -1) {
                    throw refused(file, opened, "expected a closing '\"' for the quoted cell " + position
                            + " opened here, but the file ended");
                }
                if (c == '\n' || c == '\r') {
                    endOfLine(c);
                    cell.append('\n');
                    continue;
                }
                if (c == '"') {
                    c = read();
                    if (c != '"') {
                        if (c != -1 && c != ',' && c != '\n' && c != '\r') {
                            throw refused(file, line, "expected ',' or the end of the line after the closing '\"'"
                                    + " of cell " + position + ", but got '" + (char) c + "'");
                        }
                        return c;
                    }
                }
                cell.append((char) c);
            }
        }

        /** Counts a line break, taking CRLF as one. */
        private void endOfLine(int c) throws IOException {
            if (c == '\r') {
                int d = read();
                if (d != '\n') {
                    pending = d;
                }
            }
            if (c == '\n' || c == '\r') {
                line++;
            }
        }

        private int read() throws IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            return in.read();
        }
    }
}
