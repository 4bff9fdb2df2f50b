package io.visutility.demo;

import io.visutility.demo.ShapeImages.Image;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The demo's image classifier: a Tribuo linear SGD model (multinomial logistic regression, AdaGrad)
 * over the raw pixels. Raw pixels on purpose — a change of exposure moves every input, which is what
 * makes the model decay when the camera changes, and retraining on the new images repairs it.
 */
public final class ShapeModel {
    private static final LabelFactory LABELS = new LabelFactory();
    private static final String[] FEATURES = new String[ShapeImages.SIZE * ShapeImages.SIZE];
    /** Tribuo logs every epoch at INFO; the demo prints its own progress. Kept reachable so the level holds. */
    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");

    static {
        for (int i = 0; i < FEATURES.length; i++) {
            FEATURES[i] = String.format("px%03d", i);
        }
        TRIBUO.setLevel(Level.WARNING);
    }

    /** The hyper-parameters the tuner searches: AdaGrad's learning rate, epochs and minibatch size. */
    public record Params(double learningRate, int epochs, int minibatch) {
        public static final Params DEFAULTS = new Params(0.05, 3, 1);

        public Params {
            if (!(learningRate > 0) || epochs < 1 || minibatch < 1) {
                throw new IllegalArgumentException("expected lr > 0, epochs ≥ 1 and minibatch ≥ 1 but got lr="
                        + learningRate + ", epochs=" + epochs + ", minibatch=" + minibatch);
            }
        }
    }

    private final Model<Label> model;

    private ShapeModel(Model<Label> model) {
        this.model = model;
    }

    /** Trains on {@code images}; the same images, parameters and seed give the same model. */
    public static ShapeModel train(List<Image> images, Params params, long seed) {
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("visutility demo shapes",
                LABELS), LABELS);
        for (Image im : images) {
            data.add(example(im, new Label(im.labelName())));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(params.learningRate(), 1e-6),
                params.epochs(), Integer.MAX_VALUE, params.minibatch(), seed);
        return new ShapeModel(trainer.train(data));
    }

    /** The shape the model sees in {@code image}. */
    public String predict(Image image) {
        return model.predict(example(image, LabelFactory.UNKNOWN_LABEL)).getOutput().getLabel();
    }

    /** The share of {@code images} classified correctly. */
    public double accuracy(List<Image> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("expected images to score but got none");
        }
        int right = 0;
        for (Image im : images) {
            if (predict(im).equals(im.labelName())) {
                right++;
            }
        }
        return (double) right / images.size();
    }

    /** Tribuo's own (protobuf) model format. */
    public void save(Path file) throws IOException {
        model.serializeToFile(file);
    }

    @SuppressWarnings("unchecked")
    public static ShapeModel load(Path file) throws IOException {
        Model<?> m = Model.deserializeFromFile(file);
        if (!m.validate(Label.class)) {
            throw new IOException(file + " holds a Tribuo model of " + m.getClass().getSimpleName()
                    + " that is not a classifier");
        }
        return new ShapeModel((Model<Label>) m);
    }

    private static Example<Label> example(Image image, Label label) {
        float[] px = image.pixels();
        double[] values = new double[px.length];
        for (int i = 0; i < px.length; i++) {
            values[i] = px[i];
        }
        return new ArrayExample<>(label, FEATURES, values);
    }
}
