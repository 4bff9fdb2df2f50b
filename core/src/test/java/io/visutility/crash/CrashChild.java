package io.visutility.crash;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The JVM that {@link KillNineTest} kills: opens the data directory, stores its round's artifact and
 * runs the {@link Workload} from one platform thread per model until it is killed, printing one line
 * per acknowledged operation (and flushing it) only after the call returned. Each line also goes,
 * first, to an acknowledgement file: the parent reads standard output to decide when to kill, but
 * lines still in the pipe when the process dies can be lost to the JDK's reading of a dead
 * process's output, while a write to a file is in the kernel the moment it returns.
 * Arguments: data directory, round, number of threads, acknowledgement file.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        PrintStream out = System.out;
        FileOutputStream acks = new FileOutputStream(args[3], true);
        Orchestrator o = Orchestrator.open(OrchestratorConfig.of(data).withStore(Workload.STORE));
        Registry registry = o.registry();
        String sha = registry.artifacts().put(new ByteArrayInputStream(Workload.artifact(round))).sha256();
        if (!sha.equals(Workload.sha256(round))) {
            throw new IllegalStateException("artifact checksum " + sha + " but expected " + Workload.sha256(round));
        }
        print(out, null, "READY");
        for (int t = 0; t < threads; t++) {
            String model = Workload.model(t);
            Thread.ofPlatform().name("worker-" + model).start(() -> {
                try {
                    for (int n = 0; ; n++) {
                        for (Workload.Op op : Workload.step(model, round, n)) {
                            switch (op.kind()) {
                                case REGISTER -> registry.register(NewVersion.of(model, op.version(), sha));
                                case PROMOTE -> registry.promote(model, op.version(), Registry.PRODUCTION);
                                case DEPRECATE -> registry.deprecate(model, op.version(), "round " + round);
                            }
                            print(out, acks, op.ackLine());
                        }
                    }
                } catch (Throwable e) {
                    e.printStackTrace();
                    System.exit(3); // the parent sees the output end before it killed us
                }
            });
        }
    }

    private static void print(PrintStream out, FileOutputStream acks, String line) throws IOException {
        synchronized (out) {
            if (acks != null) {
                acks.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.println(line);
            out.flush();
        }
    }
}
