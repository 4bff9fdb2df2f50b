package io.visutility.retrain;

import java.util.List;

/**
 * Trains one attempt of a retrain job: from the context's hyper-parameters (and the parent
 * artifact) to a new artifact with validation metrics. Runs on a job thread; must honour
 * interruption (the job was cancelled or the orchestrator is stopping) and the context's timeout.
 * The contract is small enough that a trainer could submit to a cluster scheduler instead.
 */
public interface Trainer {

    /**
     * @throws TrainingFailedException when training did not produce a usable artifact (the reason is recorded)
     * @throws InterruptedException when interrupted; anything started must be stopped first
     */
    TrainingResult train(TrainingContext context) throws TrainingFailedException, InterruptedException;

    /**
     * Runs the user's training program: {@code command} is an argument list (never a shell string),
     * to which each hyper-parameter is appended as {@code --name=value}; the environment adds
     * {@code VISU_PARAM_<NAME>}, {@code VISU_OUTPUT_DIR}, {@code VISU_PARENT_ARTIFACT},
     * {@code VISU_PARENT_VERSION}, {@code VISU_MODEL}, {@code VISU_JOB_ID} and {@code VISU_ATTEMPT}. The
     * program writes its artifact and a {@code metrics.json} (an object of numbers) into
     * {@code VISU_OUTPUT_DIR}; stdout and stderr go to the attempt's log. See {@link CommandTrainer}.
     */
    static Trainer command(List<String> command) {
        return new CommandTrainer(command, new CommandRunner());
    }

    /** Trains a JVM model in this process, on the job's thread. */
    static Trainer inProcess(TrainableModel model) {
        return new InProcessTrainer(model);
    }
}
