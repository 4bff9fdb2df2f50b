package io.visutility.drift.stats;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A data set file that cannot be read as one: a ragged row, a bad header, a column without values,
 * a non-finite number in a numeric column. The message names the source, and the line and column
 * where there is one.
 */
public final class DatasetFormatException extends IllegalArgumentException {
    private final String source;
    private final int line;
    private final String column;

    DatasetFormatException(String source, int line, String column, String detail) {
        super(source + (line > 0 ? " line " + line : "") + (column != null ? (line > 0 ? ", " : " ") + "column "
                + column : "") + ": " + detail);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** The file or other source the data came from, as named when reading it. */
    public String source() {
        return source;
    }

    /** The 1-based line the problem is on, if it is on one line. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The column, as {@code 'name' (position)} or a position, if the problem is in one column. */
    public Optional<String> column() {
        return Optional.ofNullable(column);
    }
}
