package io.visutility.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that a file named on the command line can be read, so the error names the option. */
final class InputFiles {
    private InputFiles() {}

    /** Returns {@code file} if it is a readable regular file, else refuses naming {@code option}. */
    static Path readable(String option, Path file) {
        String problem = !Files.exists(file) ? "does not exist"
                : !Files.isRegularFile(file) ? "is not a regular file"
                : !Files.isReadable(file) ? "cannot be read (permission denied)" : null;
        if (problem != null) {
            throw new VisutilityCommand.UserError("expected " + option + " to name a readable file but '" + file
                    + "' " + problem);
        }
        return file;
    }
}
