package io.visutility.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/** The load run's results, printed as a Markdown table: median, min, max and the target for each. */
final class ResultTable {

    /** How a quantity is written. */
    enum Unit {
        PER_SECOND {
            @Override
            String format(double v) {
                return String.format("%,.0f/s", v);
            }
        },
        SECONDS {
            @Override
            String format(double v) {
                return String.format("%.2f s", v);
            }
        },
        MEGABYTES {
            @Override
            String format(double v) {
                return String.format("%.0f MB", v / 1e6);
            }
        },
        PERCENT {
            @Override
            String format(double v) {
                return String.format("%.0f %%", v * 100);
            }
        },
        COUNT {
            @Override
            String format(double v) {
                return String.format("%,.1f", v);
            }
        };

        abstract String format(double v);
    }

    private record Row(String name, Samples samples, Unit unit, String target, DoublePredicate met) {}

    private final List<Row> rows = new ArrayList<>();

    /** A row without a target. */
    void add(String name, Samples samples, Unit unit) {
        rows.add(new Row(name, samples, unit, "", null));
    }

    /** A row whose median is judged against {@code target}. */
    void add(String name, Samples samples, Unit unit, String target, DoublePredicate met) {
        rows.add(new Row(name, samples, unit, target, met));
    }

    void print(PrintStream out) {
        out.println("| measurement | median | min | max | n | target | |");
        out.println("|---|---:|---:|---:|---:|---|---|");
        for (Row r : rows) {
            Samples s = r.samples();
            String verdict = r.met() == null ? "" : r.met().test(s.median()) ? "met" : "**missed**";
            out.printf("| %s | %s | %s | %s | %d | %s | %s |%n", r.name(), r.unit().format(s.median()),
                    r.unit().format(s.min()), r.unit().format(s.max()), s.count(), r.target(), verdict);
        }
    }
}
