package io.visutility.bench;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/** Heap in use after full collections, and the class histogram, of this JVM. */
final class HeapProbe {
    private HeapProbe() {}

    /** Bytes of heap in use after a few {@code System.gc()} (full collections under G1). */
    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The first {@code lines} lines of {@code jcmd <pid> GC.class_histogram}, taken in-process. */
    static String histogram(int lines) {
        try {
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] all = text.split("\n");
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < Math.min(lines + 2, all.length); i++) {
                b.append(all[i]).append('\n');
            }
            b.append(all[all.length - 1]).append('\n');
            return b.toString();
        } catch (JMException e) {
            return "class histogram unavailable: " + e + "\n";
        }
    }
}
