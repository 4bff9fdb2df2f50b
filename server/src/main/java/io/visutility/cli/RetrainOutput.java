package io.visutility.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.event.PromotionDecided;
import io.visutility.registry.RetrainJob;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * How retrain jobs and promotion decisions are printed. JSON keeps every field, snake_case, with
 * {@code null} where a value is absent, so scripts see the same shape every time; text is for people.
 */
final class RetrainOutput {
    private RetrainOutput() {}

    static ObjectNode json(RetrainJob j) {
        ObjectNode o = Output.JSON.createObjectNode();
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

    static ArrayNode jobs(List<RetrainJob> jobs) {
        ArrayNode a = Output.JSON.createArrayNode();
        jobs.forEach(j -> a.add(json(j)));
        return a;
    }

    static ObjectNode json(PromotionDecided d) {
        ObjectNode o = Output.JSON.createObjectNode();
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

    static ArrayNode decisions(List<PromotionDecided> decisions) {
        ArrayNode a = Output.JSON.createArrayNode();
        decisions.forEach(d -> a.add(json(d)));
        return a;
    }

    /** A job's note for tables: when it is retried, else why it failed or was cancelled, else "-". */
    static String note(RetrainJob j, int width) {
        if (j.active() && j.retryAt() != null) {
            return "retry at " + seconds(j.retryAt());
        }
        return j.failure() == null ? "-" : trim(j.failure(), width);
    }

    /** An instant to the second, for tables; "-" when absent. */
    static String seconds(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A JSON value on one line; "-" when absent. */
    static String compact(JsonNode node) {
        return node == null || node.isNull() ? "-" : node.toString();
    }

    static String dash(Object value) {
        return value == null ? "-" : value.toString();
    }

    static String trim(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
