package io.visutility.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.event.PromotionDecided;
import io.visutility.http.Representations;
import io.visutility.registry.RetrainJob;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * How retrain jobs and promotion decisions are printed: JSON as the REST API gives it
 * ({@link Representations}), text for people.
 */
final class RetrainOutput {
    private RetrainOutput() {}

    static ObjectNode json(RetrainJob j) {
        return Representations.job(j);
    }

    static ArrayNode jobs(List<RetrainJob> jobs) {
        return Representations.jobs(jobs);
    }

    static ObjectNode json(PromotionDecided d) {
        return Representations.decision(d);
    }

    static ArrayNode decisions(List<PromotionDecided> decisions) {
        return Representations.decisions(decisions);
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

}
