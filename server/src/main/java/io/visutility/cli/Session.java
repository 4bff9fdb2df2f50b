package io.visutility.cli;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the data directory for one command. */
final class Session {
    private Session() {}

    /**
     * Opens a data directory, creating it when it does not exist yet (commands that write). Commands
     * retrain nothing unless they say so ({@link #openRetraining}): a short-lived process that started
     * a queued job would interrupt it on exit and spend an attempt.
     */
    static Orchestrator create(Path data) throws IOException {
        return Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining());
    }

    /** Opens an existing data directory; a command that only reads or changes existing state never creates one. */
    static Orchestrator open(Path data) throws IOException {
        requireExisting(data);
        return Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining());
    }

    private static void requireExisting(Path data) {
        if (!Files.isDirectory(data)) {
            throw new VisutilityCommand.UserError("expected a data directory at " + data.toAbsolutePath()
                    + " but there is none (register a model first, or use --data DIR)");
        }
    }

    /** Opens an existing data directory to run one model's retrain jobs in this process, and no other's. */
    static Orchestrator openRetraining(Path data, String model) throws IOException {
        requireExisting(data);
        return Orchestrator.open(OrchestratorConfig.of(data).withRetraining(model::equals));
    }
}
