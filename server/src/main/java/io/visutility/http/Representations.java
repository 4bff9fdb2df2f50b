package io.visutility.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.event.DetectionRaised;
import io.visutility.event.Lineage;
import io.visutility.event.PromotionDecided;
import io.visutility.event.StudyRecorded;
import io.visutility.registry.ArtifactRef;
import io.visutility.registry.ModelSummary;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.RecordedDetection;
import io.visutility.registry.RetrainJob;
import io.visutility.registry.RetrainRequestOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How registry objects look as JSON, in responses and in the CLI's {@code --json} output alike:
 * snake_case fields; jobs and decisions keep every field, with {@code null} where a value is absent.
 */
public final class Representations {
    private Representations() {}

    public static ObjectNode version(ModelVersion v) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("model", v.model());
        o.put("version", v.version());
        o.put("id", v.id().toString());
        o.put("sha256", v.sha256());
        o.put("size", v.size());
        ArrayNode aliases = o.putArray("aliases");
        v.aliases().forEach(aliases::add);
        o.put("deprecated", v.deprecated());
        v.deprecationReason().ifPresent(r -> o.put("deprecation_reason", r));
        v.deprecatedAt().ifPresent(t -> o.put("deprecated_at", t.toString()));
        o.set("metrics", sorted(v.metrics()));
        ObjectNode tags = o.putObject("tags");
        v.tags().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> tags.put(e.getKey(), e.getValue()));
        o.set("params", sorted(v.params()));
        o.set("lineage", lineage(v.lineage()));
        o.put("created_at", v.createdAt().toString());
        return o;
    }

    private static ObjectNode lineage(Lineage l) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (l.parentVersion() != null) {
            o.put("parent_version", l.parentVersion());
        }
        if (l.trainingJobId() != null) {
            o.put("training_job_id", l.trainingJobId());
        }
        if (l.reason() != null) {
            o.put("reason", l.reason());
        }
        if (l.detection() != null) {
            o.put("detection", l.detection());
        }
        return o;
    }

    private static ObjectNode sorted(Map<String, JsonNode> values) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.set(e.getKey(), e.getValue()));
        return o;
    }

    public static ArrayNode versions(List<ModelVersion> versions) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        versions.forEach(v -> a.add(version(v)));
        return a;
    }

    static ObjectNode model(ModelSummary m) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", m.name());
        o.put("versions", m.versions());
        m.latestVersion().ifPresentOrElse(v -> o.put("latest_version", v), () -> o.putNull("latest_version"));
        ObjectNode aliases = o.putObject("aliases");
        m.aliases().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> aliases.put(e.getKey(), e.getValue()));
        if (m.createdAt() != null) {
            o.put("created_at", m.createdAt().toString());
        }
        m.description().ifPresent(d -> o.put("description", d));
        if (!m.tags().isEmpty()) {
            ObjectNode tags = o.putObject("tags");
            m.tags().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> tags.put(e.getKey(), e.getValue()));
        }
        return o;
    }

    static ArrayNode models(List<ModelSummary> models) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        models.forEach(m -> a.add(model(m)));
        return a;
    }

    static ObjectNode artifact(ArtifactRef ref) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("sha256", ref.sha256());
        o.put("size", ref.size());
        return o;
    }

    public static ObjectNode job(RetrainJob j) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", j.id());
        o.put("model", j.model());
        o.put("state", j.state().jsonName());
        o.put("trigger", j.trigger());
        o.put("parent_version", j.parentVersion());
        ArrayNode reasons = o.putArray("reasons");
        j.reasons().forEach(reasons::add);
        ArrayNode detections = o.putArray("detections");
        j.detections().forEach(detections::add);
        o.set("evidence", j.evidence());
        o.put("attempts", j.attempts());
        o.put("trial", j.trial());
        o.set("params", j.params());
        o.put("log", j.log());
        o.put("queued_at", text(j.queuedAt()));
        o.put("started_at", text(j.startedAt()));
        o.put("finished_at", text(j.finishedAt()));
        o.put("retry_at", text(j.retryAt()));
        o.put("failure", j.failure());
        o.put("new_version", j.newVersion());
        o.set("metrics", j.metrics());
        return o;
    }

    public static ArrayNode jobs(List<RetrainJob> jobs) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        jobs.forEach(j -> a.add(job(j)));
        return a;
    }

    static ObjectNode outcome(RetrainRequestOutcome r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("outcome", r.kind().name().toLowerCase(java.util.Locale.ROOT));
        o.put("message", r.message());
        o.set("job", r.job().<JsonNode>map(Representations::job).orElse(o.nullNode()));
        return o;
    }

    public static ObjectNode decision(PromotionDecided d) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("model", d.model());
        o.put("alias", d.alias());
        o.put("decision", d.decision());
        o.put("candidate", d.candidate());
        o.put("champion", d.champion());
        o.put("job_id", d.jobId());
        o.put("metric", d.metric());
        o.put("candidate_value", d.candidateValue());
        o.put("champion_value", d.championValue());
        o.put("reason", d.reason());
        o.put("decided_at", text(d.decidedAt()));
        return o;
    }

    public static ArrayNode decisions(List<PromotionDecided> decisions) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        decisions.forEach(d -> a.add(decision(d)));
        return a;
    }

    static ArrayNode detections(List<RecordedDetection> detections) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (RecordedDetection r : detections) {
            DetectionRaised d = r.detection();
            ObjectNode o = a.addObject();
            o.put("position", r.position());
            o.put("model", d.model());
            o.put("version", d.version());
            o.put("detector", d.detector());
            o.put("severity", d.severity());
            o.put("reason", d.reason());
            o.set("evidence", d.evidence());
            o.put("detected_at", text(d.detectedAt()));
        }
        return a;
    }

    static ArrayNode studySteps(List<StudyRecorded> steps) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (StudyRecorded s : steps) {
            ObjectNode o = a.addObject();
            o.put("model", s.model());
            o.put("study", s.study());
            o.put("sampler", s.sampler());
            o.set("step", s.step());
            o.put("recorded_at", text(s.recordedAt()));
        }
        return a;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
