package io.visutility.journal;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import java.nio.file.Path;

/**
 * A separate JVM for {@link DataDirectoryLockTest}. {@code hold <dir>} opens the data directory,
 * prints {@code LOCKED <pid>} and keeps it open until its standard input closes (or it is killed).
 * {@code try <dir>} tries to open it and prints {@code OPENED} or {@code REFUSED <message>}.
 */
public final class LockProbe {
    private LockProbe() {}

    public static void main(String[] args) throws Exception {
        OrchestratorConfig config = OrchestratorConfig.of(Path.of(args[1])).withFsync(FsyncPolicy.NONE);
        switch (args[0]) {
            case "hold" -> {
                Orchestrator o = Orchestrator.open(config);
                System.out.println("LOCKED " + ProcessHandle.current().pid());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold the lock until the parent closes our input
                }
                o.close();
            }
            case "try" -> {
                try {
                    Orchestrator.open(config).close();
                    System.out.println("OPENED");
                } catch (DataDirectoryLock.DataDirectoryLockedException e) {
                    System.out.println("REFUSED " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("expected 'hold' or 'try' but got " + args[0]);
        }
    }
}
