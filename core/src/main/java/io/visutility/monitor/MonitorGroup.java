package io.visutility.monitor;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The monitor split into partitions, one {@link Monitor} per dispatch thread, each owning the models
 * whose names hash to it ({@link TelemetryBus#registerPartitioned}). Counters are summed over the
 * partitions; {@link #reset} reaches all of them.
 */
public final class MonitorGroup {
    private final Monitor[] partitions;

    public MonitorGroup(int partitions, ModelCatalog catalog, Function<String, MonitorPolicy> policies,
            ReferenceProfiles profiles, Consumer<Detection> sink) {
        if (partitions < 1) {
            throw new IllegalArgumentException("expected at least one monitor partition but got " + partitions);
        }
        this.partitions = new Monitor[partitions];
        for (int i = 0; i < partitions; i++) {
            this.partitions[i] = new Monitor(catalog, policies, profiles, sink);
        }
    }

    /** Registers the partitions on {@code bus} under {@code name}. */
    public void observe(TelemetryBus bus, String name) {
        bus.registerPartitioned(name, partitions.length, i -> partitions[i]);
    }

    public int partitions() {
        return partitions.length;
    }

    /** See {@link Monitor#reset}; any thread. */
    public void reset(String model) {
        for (Monitor m : partitions) {
            m.reset(model);
        }
    }

    public long telemetrySeen() {
        long n = 0;
        for (Monitor m : partitions) {
            n += m.telemetrySeen();
        }
        return n;
    }

    public long detections() {
        long n = 0;
        for (Monitor m : partitions) {
            n += m.detections();
        }
        return n;
    }

    public long detectorFailures() {
        long n = 0;
        for (Monitor m : partitions) {
            n += m.detectorFailures();
        }
        return n;
    }

    public int monitoredModels() {
        int n = 0;
        for (Monitor m : partitions) {
            n += m.monitoredModels();
        }
        return n;
    }
}
