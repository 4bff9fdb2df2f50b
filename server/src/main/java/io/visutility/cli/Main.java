package io.visutility.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Entry point of the {@code visutility} command. */
public final class Main {
    /**
     * The orchestrator's loggers, kept reachable so their level holds. Commands print their own
     * progress; the library's INFO lines (jobs queued, attempts started) would only repeat it, so a
     * command shows warnings and errors, one line each. {@code VISUTILITY_LOG=INFO} (or FINE…) shows more.
     */
    private static final Logger ORCHESTRATOR = Logger.getLogger("io.visutility");
    /** The web server's start-up banner and feature list would bury {@code serve}'s one line; same level. */
    private static final Logger HELIDON = Logger.getLogger("io.helidon");

    private Main() {}

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "visutility: %4$s: %5$s%6$s%n");
        }
        ORCHESTRATOR.setLevel(level(System.getenv("VISUTILITY_LOG")));
        HELIDON.setLevel(ORCHESTRATOR.getLevel());
        JsonLogFormatter.install(System.getenv("VISUTILITY_LOG_FORMAT"));
        System.exit(VisutilityCommand.commandLine().execute(args));
    }

    private static Level level(String name) {
        if (name == null || name.isBlank()) {
            return Level.WARNING;
        }
        try {
            return Level.parse(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.WARNING;
        }
    }
}
