package io.visutility.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A model got its own monitor policy (the JSON document), replacing its previous one or the default. */
public record MonitorPolicySet(String model, JsonNode policy, Instant setAt) implements Event {}
