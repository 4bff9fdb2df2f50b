package io.visutility.crash;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.JobState;
import io.visutility.registry.NewVersion;
import io.visutility.retrain.RetrainConfigJson;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The process {@link RetrainCrashTest} kills: registers a model, configures a training program whose
 * first attempt never finishes, asks for a retrain, prints {@code RUNNING <job id>} once the attempt runs, and waits.
 * Arguments: data directory, training script.
 */
public final class RetrainCrashChild {
    private RetrainCrashChild() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Orchestrator o = Orchestrator.open(OrchestratorConfig.of(data));
        String sha = o.registry().artifacts().put(new ByteArrayInputStream("weights".getBytes())).sha256();
        o.registry().register(NewVersion.of("gate", "1.0.0", sha));
        o.setRetrainConfig("gate", RetrainConfigJson.parse("""
                {"trainer": {"command": ["/bin/sh", "%s"]}, "policy": {"backoff_seconds": 0}}""".formatted(args[1])));
        CountDownLatch running = new CountDownLatch(1);
        o.bus().subscribe("crash-child", e -> {
            if (e.event() instanceof io.visutility.event.RetrainStarted) {
                running.countDown();
            }
        }, io.visutility.bus.SubscriptionOptions.live());
        String job = o.retrainer().request("gate", "crash test").job().orElseThrow().id();
        running.await();
        if (o.registry().jobs().get(job).orElseThrow().state() != JobState.RUNNING) {
            throw new IllegalStateException("the job is not running");
        }
        System.out.println("RUNNING " + job);
        System.out.flush();
        new CountDownLatch(1).await(); // until killed
    }
}
