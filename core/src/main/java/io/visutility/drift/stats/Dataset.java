package io.visutility.drift.stats;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Named feature columns in order, read from a CSV file or built in memory. Immutable. */
public final class Dataset {
    private final String source;
    private final Map<String, Column> columns;

    private Dataset(String source, Map<String, Column> columns) {
        this.source = source;
        this.columns = Collections.unmodifiableMap(columns);
    }

    /**
     * A data set of the given columns, in the map's iteration order.
     *
     * @param source what to call the data in messages, e.g. {@code reference}
     * @throws IllegalArgumentException if there are no columns or a name is empty
     */
    public static Dataset of(String source, Map<String, ? extends Column> columns) {
        Objects.requireNonNull(source, "source");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("expected at least one column in " + source + ", but got none");
        }
        Map<String, Column> copy = new LinkedHashMap<>();
        columns.forEach((name, column) -> {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("expected column names in " + source + ", but got an empty one");
            }
            copy.put(name, Objects.requireNonNull(column, name));
        });
        return new Dataset(source, copy);
    }

    /**
     * Reads a UTF-8 CSV file; see {@link #readCsv(Reader, String)}.
     *
     * @throws DatasetFormatException naming the file, line and column if it is not a valid data set
     */
    public static Dataset readCsv(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readCsv(reader, file.toString());
        }
    }

    /**
     * Reads CSV text (RFC 4180: commas, optional double quotes) whose first row names the columns,
     * one column per feature.
     * <ul>
     *   <li>Cells are stripped of surrounding white space unless quoted; an empty cell is a missing
     *       value and is left out of its column; a blank line is skipped.
     *   <li>A column is numeric when every non-empty cell is a finite decimal number such as
     *       {@code -1.5e3}, and categorical (each distinct text a category) when any cell is other
     *       text.
     *   <li>A column of numbers that also holds {@code NaN}, {@code inf} or a missing-value marker
     *       ({@code NA}, {@code N/A}, {@code null}, {@code None}) is refused, rather than silently
     *       read as categories: missing values must be empty cells.
     * </ul>
     *
     * @param sourceName what to call the input in messages, e.g. its file name
     * @throws DatasetFormatException naming the source, line and column for an empty input, an empty
     *     or duplicate column name, a row with a different number of cells than the header, a
     *     malformed quoted cell, a column without any value, or a non-finite number in a numeric column
     */
    public static Dataset readCsv(Reader reader, String sourceName) throws IOException {
        Objects.requireNonNull(sourceName, "sourceName");
        return new Dataset(sourceName, CsvDatasetReader.read(Objects.requireNonNull(reader, "reader"), sourceName));
    }

    /** The column names, in order. */
    public List<String> names() {
        return List.copyOf(columns.keySet());
    }

    /** The column with this name, if there is one. */
    public Optional<Column> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    /** What the data is called in messages: the file or source name it was read from. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "data set " + source + " " + columns;
    }
}
