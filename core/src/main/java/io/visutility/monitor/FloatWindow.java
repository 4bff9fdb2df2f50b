package io.visutility.monitor;

/** The last {@code capacity} values of a stream, as floats (half a double's memory), with their sum. */
final class FloatWindow {
    private final float[] values;
    private int next;
    private int size;
    private double sum;

    FloatWindow(int capacity) {
        values = new float[capacity];
    }

    void add(double v) {
        float f = (float) v;
        if (size == values.length) {
            sum -= values[next];
        } else {
            size++;
        }
        values[next] = f;
        sum += f;
        next = next + 1 == values.length ? 0 : next + 1;
    }

    int size() {
        return size;
    }

    boolean full() {
        return size == values.length;
    }

    double mean() {
        return size == 0 ? Double.NaN : sum / size;
    }

    /** The oldest value still held. */
    double oldest() {
        return values[size == values.length ? next : 0];
    }

    /** The values held, oldest first, as doubles. */
    double[] toArray() {
        double[] out = new double[size];
        int start = size == values.length ? next : 0;
        for (int i = 0; i < size; i++) {
            int k = start + i;
            out[i] = values[k >= values.length ? k - values.length : k];
        }
        return out;
    }

    void clear() {
        next = 0;
        size = 0;
        sum = 0;
    }

}
