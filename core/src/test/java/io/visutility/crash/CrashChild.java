package io.visutility.crash;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.ArtifactRef;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import io.visutility.store.StoreOptions;
import io.visutility.journal.JournalOptions;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link KillNineTest} kills: registers, promotes and deprecates from many threads with
 * fsync on, printing one line per acknowledged write, until it is killed.
 * Arguments: data directory, round number, threads.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        // small segments and frequent snapshots so that kills also land in rolls and compactions
        StoreOptions store = StoreOptions.defaults().withJournal(JournalOptions.defaults().withSegmentBytes(64 * 1024))
                .withSnapshotEvery(500);
        Orchestrator o = Orchestrator.open(OrchestratorConfig.of(data).withStore(store));
        Registry registry = o.registry();
        ArtifactRef artifact = registry.artifacts().put(new ByteArrayInputStream(
                ("weights of round " + round).getBytes(StandardCharsets.UTF_8)));
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String model = "m" + t;
            workers.add(Thread.ofPlatform().start(() -> {
                for (int n = 0; ; n++) {
                    String version = round + ".0." + n;
                    registry.register(NewVersion.of(model, version, artifact.sha256()));
                    ack(out, "ACK " + model + " " + version + " " + artifact.sha256());
                    if (n % 7 == 3) {
                        registry.promote(model, version, Registry.PRODUCTION);
                        ack(out, "PROMOTED " + model + " " + version);
                    }
                    if (n % 11 == 5) {
                        registry.deprecate(model, version, "round " + round);
                        ack(out, "DEPRECATED " + model + " " + version);
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    private static void ack(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
