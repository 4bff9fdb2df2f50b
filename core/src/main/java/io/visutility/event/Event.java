package io.visutility.event;

/**
 * Everything that ever changed the orchestrator's state, as written to the journal: past-tense facts,
 * one record type each. The set is closed; each type has a stable id and schema version in
 * {@link EventType}. Later features add their events here, so the journal's whole schema is in this
 * package.
 */
public sealed interface Event permits ModelVersionRegistered, AliasMoved, VersionDeprecated, DetectionRaised,
        MonitorPolicySet, RetrainQueued, RetrainMerged, RetrainStarted, RetrainFinished, StudyRecorded,
        PromotionDecided, RetrainConfigSet, RetrainDeclined, ModelCreated {

    /** The model the event concerns. */
    String model();
}
