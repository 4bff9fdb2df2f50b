package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.zafarkhaja.semver.Version;
import io.visutility.event.Event;
import io.visutility.event.RetrainDeclined;
import io.visutility.event.RetrainMerged;
import io.visutility.event.RetrainQueued;
import io.visutility.store.Command;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ask for a model to be retrained. One active job per model: a request while one is queued, running
 * or waiting to retry merges into it. Otherwise a detection or deprecation within {@code cooldown}
 * of the model's last job ending is declined (journaled as {@code RetrainDeclined}, nothing else
 * changes); a manual request is not subject to the cooldown.
 */
final class RequestRetrain implements Command<RegistryState, RetrainRequestOutcome> {
    private final String model;
    private final RetrainTrigger trigger;
    private final String reason;
    private final JsonNode evidence;
    private final String detection;
    private final Duration cooldown;
    private final String newJobId;
    private final Instant now;
    /** Set by decide, read by result (the writer thread runs both). */
    private RetrainRequestOutcome.Kind kind;
    private String jobId;
    private String declined;

    RequestRetrain(String model, RetrainTrigger trigger, String reason, JsonNode evidence, String detection,
            Duration cooldown, String newJobId, Instant now) {
        this.model = model;
        this.trigger = trigger;
        this.reason = reason;
        this.evidence = evidence;
        this.detection = detection;
        this.cooldown = cooldown;
        this.newJobId = newJobId;
        this.now = now;
    }

    static String key(String model) {
        return "retrain:" + model;
    }

    @Override
    public Set<String> keys() {
        return Set.of(key(model));
    }

    @Override
    public List<Event> decide(RegistryState state) {
        ModelEntry m = Lookups.existingModel(state, model);
        RetrainJob active = state.jobs().activeJob(model);
        if (active != null) {
            kind = RetrainRequestOutcome.Kind.MERGED;
            jobId = active.id();
            return List.of(new RetrainMerged(model, active.id(), trigger.jsonName(), reason, detection, now));
        }
        Instant ended = state.jobs().lastEnded(model);
        if (trigger != RetrainTrigger.MANUAL && ended != null && ended.plus(cooldown).isAfter(now)) {
            kind = RetrainRequestOutcome.Kind.DECLINED;
            declined = "model '" + model + "' is cooling down until " + ended.plus(cooldown) + " (its last job ended at "
                    + ended + ", cooldown " + cooldown + "); request not queued: " + reason;
            return List.of(new RetrainDeclined(model, trigger.jsonName(), reason, detection, ended.plus(cooldown), now));
        }
        if (state.jobs().job(newJobId) != null) {
            throw new IllegalStateException("the id source gave job id " + newJobId + " twice");
        }
        Version production = m.aliases.get(Registry.PRODUCTION);
        VersionEntry parent = m.latest != null ? m.latest : m.latestIncludingDeprecated;
        String parentVersion = production != null ? production.toString()
                : parent == null ? null : parent.key().toString();
        kind = RetrainRequestOutcome.Kind.QUEUED;
        jobId = newJobId;
        return List.of(new RetrainQueued(model, newJobId, parentVersion, trigger.jsonName(), reason, evidence, detection,
                now));
    }

    @Override
    public RetrainRequestOutcome result(RegistryState state) {
        return switch (kind) {
            case DECLINED -> new RetrainRequestOutcome(kind, Optional.empty(), declined);
            case QUEUED -> new RetrainRequestOutcome(kind, Optional.of(state.jobs().job(jobId)),
                    "queued retrain job " + jobId + " for model '" + model + "'");
            case MERGED -> new RetrainRequestOutcome(kind, Optional.of(state.jobs().job(jobId)),
                    "merged into model '" + model + "''s active job " + jobId);
        };
    }
}
