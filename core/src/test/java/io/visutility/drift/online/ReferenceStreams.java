package io.visutility.drift.online;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The two streams of river's documentation examples, from the test resources (see their README). */
final class ReferenceStreams {
    private ReferenceStreams() {}

    /** 1,000 draws from {0, 1}, then 1,000 from {4, 5, 6, 7}. */
    static double[] numeric() {
        return load("river_doc_numeric.csv");
    }

    /** 1,000 fair coin flips, then 1,000 with P(1) = 0.7. */
    static double[] binary() {
        return load("river_doc_binary.csv");
    }

    private static double[] load(String file) {
        String resource = "/drift/online/" + file;
        try (InputStream in = ReferenceStreams.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            double[] values = reader.lines().skip(1).mapToDouble(line -> {
                String[] cells = line.split(",");
                return Double.parseDouble(cells[1]);
            }).toArray();
            if (values.length != 2000) {
                throw new IllegalStateException(resource + " has " + values.length + " rows, expected 2000");
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
