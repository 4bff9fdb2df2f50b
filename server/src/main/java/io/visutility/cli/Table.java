package io.visutility.cli;

import java.io.PrintWriter;
import java.util.List;

/** Prints rows of cells as left-aligned columns separated by two spaces, for people to read. */
final class Table {
    private Table() {}

    static void print(List<String[]> rows, PrintWriter out) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    b.append("  ");
                }
                b.append(row[i]);
                if (i < row.length - 1) {
                    b.append(" ".repeat(widths[i] - row[i].length()));
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
