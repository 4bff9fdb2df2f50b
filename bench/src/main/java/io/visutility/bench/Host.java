package io.visutility.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run happens on, and how busy it is: what the load run prints so that its figures
 * can be judged (a 2-core machine shared with builds is noisy).
 */
final class Host {
    private Host() {}

    static String describe(Path dataDir) throws IOException {
        FileStore store = Files.getFileStore(dataDir);
        return String.format("%d CPUs (%s), %.1f GB RAM, JDK %s (%s), max heap %.1f GB, data dir %s on %s (%s)",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memoryBytes() / 1e9,
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() / 1e9, dataDir.toAbsolutePath(), store.name(), store.type());
    }

    static boolean isTmpfs(Path dir) throws IOException {
        return Files.getFileStore(dir).type().equals("tmpfs");
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** CPU seconds all processes have been busy (user, nice, system, irq, softirq) since boot. */
    static double busyCpuSeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long jiffies = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            return jiffies / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds this JVM has used. */
    static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static long memoryBytes() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
    }
}
