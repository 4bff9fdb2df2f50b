package io.visutility.retrain;

import java.nio.file.Files;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.nio.file.Path;

/**
 * Fits a {@link TrainableModel} on a thread of its own (interrupted at the timeout or when the job's
 * thread is), and saves it as {@code model.bin} in the output directory.
 */
final class InProcessTrainer implements Trainer {
    private final TrainableModel model;

    InProcessTrainer(TrainableModel model) {
        if (model == null) {
            throw new IllegalArgumentException("expected a model to train but got none");
        }
        this.model = model;
    }

    @Override
    public TrainingResult train(TrainingContext context) throws TrainingFailedException, InterruptedException {
        TrainableModel.Fitted fitted;
        FutureTask<TrainableModel.Fitted> fit = new FutureTask<>(() -> model.fit(context.params(),
                context.parentArtifact()));
        Thread fitter = Thread.ofVirtual().name("fit-" + context.model()).start(fit);
        try {
            fitted = fit.get(context.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            fit.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            fit.cancel(true);
            throw new TrainingFailedException("timed out after " + context.timeout().toSeconds()
                    + " s (the fit was interrupted)");
        } catch (ExecutionException e) {
            throw new TrainingFailedException("fitting failed: " + e.getCause(), e.getCause());
        } finally {
            fitter.interrupt();
        }
        if (fitted == null) {
            throw new TrainingFailedException("the model's fit returned nothing");
        }
        Path file = context.outputDir().resolve("model.bin");
        try {
            fitted.save(file);
            if (!Files.isRegularFile(file)) {
                throw new TrainingFailedException("the fitted model wrote no artifact to " + file);
            }
            return new TrainingResult(file, fitted.validationMetrics());
        } catch (java.io.IOException e) {
            throw new TrainingFailedException("cannot save the fitted model to " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new TrainingFailedException("the fitted model's metrics are unusable: " + e.getMessage(), e);
        }
    }
}
