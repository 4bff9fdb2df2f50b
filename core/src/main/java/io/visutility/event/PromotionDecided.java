package io.visutility.event;

import java.time.Instant;

/**
 * The champion/challenger decision about a candidate version. When the decision moves the alias
 * ({@code promoted}, {@code approved}, {@code rolled_back}) an {@link AliasMoved} follows in the same
 * commit.
 *
 * @param decision {@code promoted}, {@code kept} (the champion stays), {@code held} (waits for
 *     approval), {@code approved}, {@code rejected} or {@code rolled_back}
 * @param candidate the version decided about (for a rollback, the version restored)
 * @param champion the version that held the alias when the decision was made, or null
 * @param jobId the retrain job that produced the candidate, or null
 * @param metric the compared metric, with both values (null where a version lacks it)
 */
public record PromotionDecided(String model, String alias, String decision, String candidate, String champion,
        String jobId, String metric, Double candidateValue, Double championValue, String reason, Instant decidedAt)
        implements Event {}
