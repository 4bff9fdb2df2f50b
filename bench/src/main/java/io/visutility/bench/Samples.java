package io.visutility.bench;

import java.util.Arrays;

/** Repeated measurements of one quantity. */
record Samples(double[] values) {

    Samples {
        if (values.length == 0) {
            throw new IllegalArgumentException("expected at least one measurement");
        }
        values = values.clone();
    }

    static Samples of(double... values) {
        return new Samples(values);
    }

    double median() {
        double[] s = sorted();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    double min() {
        return sorted()[0];
    }

    double max() {
        return sorted()[values.length - 1];
    }

    int count() {
        return values.length;
    }

    private double[] sorted() {
        double[] s = values.clone();
        Arrays.sort(s);
        return s;
    }
}
