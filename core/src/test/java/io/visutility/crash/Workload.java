package io.visutility.crash;

import io.visutility.journal.JournalOptions;
import io.visutility.store.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@link CrashChild} does, shared with {@link KillNineTest} so the parent knows every operation
 * a child may have made durable. In round {@code r}, the thread for model {@code m<t>} runs, for
 * n = 0, 1, 2, …: register version {@code r.0.n}; promote it to {@code production} when n % 7 == 3;
 * deprecate it when n % 11 == 5 (n = 38 does both, so a deprecation also takes the alias away).
 * Each thread waits for an operation's acknowledgement before the next, so what is durable for one
 * model is always a prefix of its operations.
 */
final class Workload {
    /** fsync on every commit (the default), small segments and frequent snapshots, so kills also land in rolls and compactions. */
    static final StoreOptions STORE = StoreOptions.defaults()
            .withJournal(JournalOptions.defaults().withSegmentBytes(16 * 1024)).withSnapshotEvery(40);

    private Workload() {}

    enum Kind { REGISTER, PROMOTE, DEPRECATE }

    /** One operation and the line the child prints once it is acknowledged. */
    record Op(Kind kind, String model, int round, int n) {
        String version() {
            return round + ".0." + n;
        }

        String ackLine() {
            return switch (kind) {
                case REGISTER -> "ACK " + model + " " + version() + " " + sha256(round);
                case PROMOTE -> "PROMOTED " + model + " " + version();
                case DEPRECATE -> "DEPRECATED " + model + " " + version();
            };
        }
    }

    static String model(int thread) {
        return "m" + thread;
    }

    /** The operations for version {@code n} of a model in a round, in the order they run. */
    static List<Op> step(String model, int round, int n) {
        List<Op> ops = new ArrayList<>(3);
        ops.add(new Op(Kind.REGISTER, model, round, n));
        if (n % 7 == 3) {
            ops.add(new Op(Kind.PROMOTE, model, round, n));
        }
        if (n % 11 == 5) {
            ops.add(new Op(Kind.DEPRECATE, model, round, n));
        }
        return ops;
    }

    /** The first {@code count} operations of a model in a round. */
    static List<Op> operations(String model, int round, int count) {
        List<Op> ops = new ArrayList<>(count + 3);
        for (int n = 0; ops.size() < count; n++) {
            ops.addAll(step(model, round, n));
        }
        return ops.subList(0, count);
    }

    /** The artifact each round's child registers. */
    static byte[] artifact(int round) {
        return ("weights of round " + round).getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(int round) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact(round)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
