package io.visutility.demo;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The demo's synthetic camera: 20×20 grey-scale images of four shapes (circle, square, triangle,
 * cross) at jittered positions and sizes, with random background and foreground levels and sensor
 * noise, seen through a {@link Camera} whose exposure, contrast and focus can change — the drift the
 * demo injects. Also the image statistics a serving endpoint reports (brightness, contrast, sharpness)
 * and a small binary file format for labelled images.
 */
public final class ShapeImages {
    public static final int SIZE = 20;
    public static final List<String> CLASSES = List.of("circle", "square", "triangle", "cross");
    /** The image statistics sent as features, in this order. */
    public static final List<String> STATISTICS = List.of("brightness", "contrast", "sharpness");

    private static final int MAGIC = 0x56534831; // "VSH1"

    private ShapeImages() {}

    /**
     * How the camera renders a scene: {@code out = offset + gain × in}, optionally through a 3×3 box
     * blur (soft focus), plus Gaussian sensor noise of standard deviation {@code noise}.
     */
    public record Camera(String name, double gain, double offset, boolean blur, double noise) {
        /** The camera the model was trained with. */
        public static final Camera NORMAL = new Camera("normal", 1.0, 0.0, false, 0.08);
        /** An exposure change: brighter, flatter (lower contrast) and slightly out of focus. */
        public static final Camera OVEREXPOSED = new Camera("overexposed", 0.5, 0.42, true, 0.08);
    }

    /** One labelled image, captured at {@code capturedAtMillis} (epoch milliseconds). */
    public record Image(float[] pixels, int label, long capturedAtMillis) {
        public String labelName() {
            return CLASSES.get(label);
        }
    }

    /** Draws one random scene through {@code camera}. */
    public static Image capture(SplittableRandom rnd, Camera camera, long capturedAtMillis) {
        int label = rnd.nextInt(CLASSES.size());
        double cx = SIZE / 2.0 + rnd.nextDouble(-1.8, 1.8);
        double cy = SIZE / 2.0 + rnd.nextDouble(-1.8, 1.8);
        double r = rnd.nextDouble(5.0, 7.5);
        double background = rnd.nextDouble(0.10, 0.25);
        double foreground = rnd.nextDouble(0.70, 0.90);
        float[] scene = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                scene[y * SIZE + x] = (float) (inside(label, x + 0.5 - cx, y + 0.5 - cy, r) ? foreground : background);
            }
        }
        float[] seen = camera.blur() ? blur(scene) : scene;
        float[] out = new float[SIZE * SIZE];
        for (int i = 0; i < out.length; i++) {
            double v = camera.offset() + camera.gain() * seen[i] + camera.noise() * rnd.nextGaussian();
            out[i] = (float) Math.min(1.0, Math.max(0.0, v));
        }
        return new Image(out, label, capturedAtMillis);
    }

    /** {@code n} images through {@code camera}, all stamped {@code capturedAtMillis}. */
    public static List<Image> dataset(SplittableRandom rnd, Camera camera, int n, long capturedAtMillis) {
        List<Image> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(capture(rnd, camera, capturedAtMillis));
        }
        return out;
    }

    private static boolean inside(int label, double dx, double dy, double r) {
        return switch (label) {
            case 0 -> dx * dx + dy * dy <= r * r;
            case 1 -> Math.abs(dx) <= 0.8 * r && Math.abs(dy) <= 0.8 * r;
            case 2 -> dy >= -r && dy <= 0.8 * r && Math.abs(dx) <= 0.6 * (dy + r);
            case 3 -> Math.abs(dx) <= 0.3 * r && Math.abs(dy) <= r || Math.abs(dy) <= 0.3 * r && Math.abs(dx) <= r;
            default -> throw new IllegalArgumentException("no shape " + label);
        };
    }

    private static float[] blur(float[] in) {
        float[] out = new float[in.length];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < SIZE && xx >= 0 && xx < SIZE) {
                            sum += in[yy * SIZE + xx];
                            n++;
                        }
                    }
                }
                out[y * SIZE + x] = (float) (sum / n);
            }
        }
        return out;
    }

    /**
     * The statistics a serving endpoint reports per image: brightness (mean level), contrast
     * (standard deviation of levels) and sharpness (mean absolute 4-neighbour Laplacian inside the
     * border).
     */
    public static Map<String, Double> statistics(float[] pixels) {
        double sum = 0;
        for (float p : pixels) {
            sum += p;
        }
        double mean = sum / pixels.length;
        double ss = 0;
        for (float p : pixels) {
            ss += (p - mean) * (p - mean);
        }
        double laplacian = 0;
        for (int y = 1; y < SIZE - 1; y++) {
            for (int x = 1; x < SIZE - 1; x++) {
                int i = y * SIZE + x;
                laplacian += Math.abs(4 * pixels[i] - pixels[i - 1] - pixels[i + 1] - pixels[i - SIZE] - pixels[i + SIZE]);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("brightness", mean);
        out.put("contrast", Math.sqrt(ss / pixels.length));
        out.put("sharpness", laplacian / ((SIZE - 2) * (SIZE - 2)));
        return out;
    }

    /** Writes labelled images to {@code file}, atomically (a reader never sees half a file). */
    public static void write(Path file, List<Image> images) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                    DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(SIZE);
                out.writeInt(images.size());
                for (Image im : images) {
                    out.writeByte(im.label());
                    out.writeLong(im.capturedAtMillis());
                    for (float p : im.pixels()) {
                        out.writeFloat(p);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads what {@link #write} wrote. */
    public static List<Image> read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != SIZE) {
                throw new IOException(file + " is not a file of " + SIZE + "×" + SIZE + " labelled images");
            }
            int n = in.readInt();
            if (n < 0 || n > 10_000_000) {
                throw new IOException(file + " claims " + n + " images");
            }
            List<Image> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int label = in.readByte();
                if (label < 0 || label >= CLASSES.size()) {
                    throw new IOException(file + ": image " + i + " has no shape " + label);
                }
                long at = in.readLong();
                float[] px = new float[SIZE * SIZE];
                for (int j = 0; j < px.length; j++) {
                    px[j] = in.readFloat();
                }
                out.add(new Image(px, label, at));
            }
            return out;
        }
    }
}
