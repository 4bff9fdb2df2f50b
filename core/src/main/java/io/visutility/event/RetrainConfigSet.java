package io.visutility.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A model got its retrain configuration (trainer command, search space, sampler, policies) as a JSON document. */
public record RetrainConfigSet(String model, JsonNode config, Instant setAt) implements Event {}
