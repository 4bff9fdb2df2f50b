package io.visutility.event;

import java.time.Instant;

/**
 * A retrain request was declined: the model is cooling down after its last job, until {@code until}.
 * Nothing else changed; the event is here so that every request leaves a trace on the bus.
 */
public record RetrainDeclined(String model, String trigger, String reason, String detection, Instant until,
        Instant declinedAt) implements Event {}
