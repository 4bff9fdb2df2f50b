package io.visutility.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One step of a model's hyper-parameter study (a trial asked, completed, failed or pruned), so every
 * later retrain continues from all earlier trials.
 *
 * @param study the study's name within the model
 * @param sampler the sampler and seed that made the suggestion, e.g. {@code tpe(seed=42)}
 * @param step the tuning package's study event in its JSON form (type, schema, trial, …)
 */
public record StudyRecorded(String model, String study, String sampler, JsonNode step, Instant recordedAt)
        implements Event {}
