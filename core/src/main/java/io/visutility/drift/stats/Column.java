package io.visutility.drift.stats;

/**
 * One feature's values in one data set, either numbers or text categories. Missing values are not
 * represented: whoever builds a column leaves them out. A column holds at least one value, never
 * aliases the caller's array, and is immutable.
 */
public sealed interface Column permits NumericColumn, CategoricalColumn {

    /**
     * A numeric column. The order of the values does not matter to any test.
     *
     * @throws IllegalArgumentException if {@code values} is empty or holds NaN or an infinity
     */
    static Column numeric(double[] values) {
        return new NumericColumn(values);
    }

    /**
     * A categorical column: each distinct string is a category.
     *
     * @throws IllegalArgumentException if {@code values} is empty or holds {@code null}
     */
    static Column categorical(String[] values) {
        return new CategoricalColumn(values);
    }

    /** The number of values. */
    int size();

    /** Whether the values are numbers (rather than categories). */
    boolean isNumeric();

    /** The number of distinct values. */
    int distinctCount();
}
