package io.visutility.drift.stats;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits RFC 4180 text into records of cells: fields separated by commas, records by LF, CRLF or CR;
 * a field in double quotes may hold commas, line breaks and doubled quotes. Unquoted cells are
 * stripped of surrounding white space, quoted ones kept as they are. Malformed quoting is a
 * {@link DatasetFormatException} naming the source and line. Not thread-safe.
 */
public final class CsvRecords {
    /** One record: the line it starts on (1-based), its cells, and whether it is an empty line. */
    public record Row(int line, List<String> cells, boolean blank) {}

    private final Reader in;
    private final String source;
    private final char[] buffer = new char[16 * 1024];
    private final StringBuilder cell = new StringBuilder();
    private int position;
    private int limit;
    /** 1 + the line breaks consumed so far (CRLF counts once). */
    private int line = 1;
    private boolean lastWasCr;
    private boolean started;

    public CsvRecords(Reader in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The next record, or null at the end of the input. */
    public Row next() throws IOException {
        int start = line;
        int c = read();
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        if (c == -1) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        boolean anyQuoted = false;
        while (true) {
            cell.setLength(0);
            if (c == '"') {
                anyQuoted = true;
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
            if (c == '\r' && peek() == '\n') {
                read();
            }
            boolean blank = !anyQuoted && cells.size() == 1 && cells.get(0).isEmpty();
            return new Row(start, cells, blank);
        }
    }

    /** Reads a quoted field after its opening quote; returns the character after the closing one. */
    private int quoted(int position) throws IOException {
        int opened = line;
        while (true) {
            int c = read();
            if (c == -1) {
                throw new DatasetFormatException(source, opened, String.valueOf(position),
                        "expected a closing '\"' for the quoted cell opened here, but the input ended");
            }
            if (c == '"') {
                c = read();
                if (c != '"') {
                    if (c != -1 && c != ',' && c != '\n' && c != '\r') {
                        throw new DatasetFormatException(source, line, String.valueOf(position),
                                "expected ',' or the end of the line after a closing '\"', but got '"
                                        + (char) c + "' (write a quote inside a quoted cell as \"\")");
                    }
                    return c;
                }
            }
            cell.append((char) c);
        }
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        char c = buffer[position++];
        if (c == '\r' || (c == '\n' && !lastWasCr)) {
            line++;
        }
        lastWasCr = c == '\r';
        return c;
    }

    private int peek() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position];
    }
}
