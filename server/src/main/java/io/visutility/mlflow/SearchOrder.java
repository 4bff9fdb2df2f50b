package io.visutility.mlflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The order of {@code model-versions/search} results: the {@code order_by} clauses given
 * ({@code name}, {@code version_number}, {@code creation_timestamp}, {@code last_updated_timestamp},
 * each optionally {@code ASC} or {@code DESC}), then {@code name ASC, version_number DESC} — also the
 * default, as MLflow's. A name and a number identify one version, so the order is total, which is
 * what lets a page token resume exactly after the last row it saw.
 */
final class SearchOrder {
    /** The values a row is ordered by, all of which a page token carries. */
    record Key(String name, int version, long created, long updated) {
        static Key of(NumberedVersion v) {
            return new Key(v.model(), v.number(), v.createdMillis(), v.updatedMillis());
        }
    }

    private enum Field {
        NAME("name", Comparator.comparing(Key::name)),
        VERSION_NUMBER("version_number", Comparator.comparingInt(Key::version)),
        CREATION_TIMESTAMP("creation_timestamp", Comparator.comparingLong(Key::created)),
        LAST_UPDATED_TIMESTAMP("last_updated_timestamp", Comparator.comparingLong(Key::updated));

        final String text;
        final Comparator<Key> ascending;

        Field(String text, Comparator<Key> ascending) {
            this.text = text;
            this.ascending = ascending;
        }
    }

    private record Clause(Field field, boolean descending) {
        @Override
        public String toString() {
            return field.text + (descending ? " DESC" : " ASC");
        }
    }

    private final List<Clause> clauses;
    private final Comparator<Key> comparator;

    private SearchOrder(List<Clause> clauses) {
        this.clauses = clauses;
        Comparator<Key> c = null;
        for (Clause clause : clauses) {
            Comparator<Key> next = clause.descending ? clause.field.ascending.reversed() : clause.field.ascending;
            c = c == null ? next : c.thenComparing(next);
        }
        this.comparator = c;
    }

    static SearchOrder parse(List<String> orderBy) {
        List<Clause> clauses = new ArrayList<>();
        Set<Field> seen = new LinkedHashSet<>();
        for (String text : orderBy) {
            Clause c = clause(text);
            if (!seen.add(c.field())) {
                throw MlflowException.invalid("expected each order_by field once but got '" + c.field().text + "' twice");
            }
            clauses.add(c);
        }
        if (seen.add(Field.NAME)) {
            clauses.add(new Clause(Field.NAME, false));
        }
        if (seen.add(Field.VERSION_NUMBER)) {
            clauses.add(new Clause(Field.VERSION_NUMBER, true));
        }
        return new SearchOrder(List.copyOf(clauses));
    }

    private static Clause clause(String text) {
        String[] words = text.trim().split("\\s+");
        Field field = null;
        for (Field f : Field.values()) {
            if (f.text.equalsIgnoreCase(words[0])) {
                field = f;
            }
        }
        String direction = words.length == 2 ? words[1].toUpperCase(Locale.ROOT) : "ASC";
        if (field == null || words.length > 2 || !(direction.equals("ASC") || direction.equals("DESC"))) {
            throw MlflowException.invalid("expected order_by like 'version_number DESC': one of "
                    + java.util.Arrays.stream(Field.values()).map(f -> f.text).collect(Collectors.joining(", "))
                    + ", optionally followed by ASC or DESC, but got '" + Texts.cut(text) + "'");
        }
        return new Clause(field, direction.equals("DESC"));
    }

    Comparator<Key> comparator() {
        return comparator;
    }

    Comparator<NumberedVersion> versions() {
        return Comparator.comparing(Key::of, comparator);
    }

    /** The whole order, e.g. {@code name ASC, version_number DESC}. */
    @Override
    public String toString() {
        return clauses.stream().map(Clause::toString).collect(Collectors.joining(", "));
    }
}
