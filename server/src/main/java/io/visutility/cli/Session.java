package io.visutility.cli;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the data directory for one command. */
final class Session {
    private Session() {}

    /** Opens a data directory, creating it when it does not exist yet (commands that write). */
    static Orchestrator create(Path data) throws IOException {
        return Orchestrator.open(OrchestratorConfig.of(data));
    }

    /** Opens an existing data directory; a command that only reads or changes existing state never creates one. */
    static Orchestrator open(Path data) throws IOException {
        if (!Files.isDirectory(data)) {
            throw new VisutilityCommand.UserError("expected a data directory at " + data.toAbsolutePath()
                    + " but there is none (register a model first, or use --data DIR)");
        }
        return Orchestrator.open(OrchestratorConfig.of(data));
    }
}
