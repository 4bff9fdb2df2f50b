package io.visutility.drift.stats;

import java.util.HashSet;
import java.util.Set;

/** The values of a categorical column, in the caller's order. */
final class CategoricalColumn implements Column {
    private final String[] values;
    private final int distinct;

    CategoricalColumn(String[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("expected a categorical column with at least one value, but got "
                    + (values == null ? "null" : "none"));
        }
        this.values = values.clone();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < this.values.length; i++) {
            if (this.values[i] == null) {
                throw new IllegalArgumentException("expected categories in a categorical column, but value "
                        + i + " is null (leave missing values out)");
            }
            seen.add(this.values[i]);
        }
        this.distinct = seen.size();
    }

    /** The values. Shared, not copied: callers in this package must not write to it. */
    String[] values() {
        return values;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isNumeric() {
        return false;
    }

    @Override
    public int distinctCount() {
        return distinct;
    }

    @Override
    public String toString() {
        return "categorical column of " + values.length + " values (" + distinct + " distinct)";
    }
}
