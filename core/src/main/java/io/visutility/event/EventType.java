package io.visutility.event;

import java.util.Arrays;

/**
 * The stable type id and current schema version of each event record. Ids are never reused; a
 * change to a record's fields that old readers cannot read bumps its schema version.
 */
public enum EventType {
    MODEL_VERSION_REGISTERED(1, 1, ModelVersionRegistered.class),
    ALIAS_MOVED(2, 1, AliasMoved.class),
    VERSION_DEPRECATED(3, 1, VersionDeprecated.class),
    DETECTION_RAISED(4, 1, DetectionRaised.class),
    MONITOR_POLICY_SET(5, 1, MonitorPolicySet.class),
    RETRAIN_QUEUED(6, 1, RetrainQueued.class),
    RETRAIN_MERGED(7, 1, RetrainMerged.class),
    RETRAIN_STARTED(8, 1, RetrainStarted.class),
    RETRAIN_FINISHED(9, 1, RetrainFinished.class),
    STUDY_RECORDED(10, 1, StudyRecorded.class),
    PROMOTION_DECIDED(11, 1, PromotionDecided.class),
    RETRAIN_CONFIG_SET(12, 1, RetrainConfigSet.class),
    RETRAIN_DECLINED(13, 1, RetrainDeclined.class),
    MODEL_CREATED(14, 1, ModelCreated.class);

    private static final EventType[] BY_ID = new EventType[256];

    static {
        for (EventType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int schemaVersion;
    private final Class<? extends Event> type;

    EventType(int id, int schemaVersion, Class<? extends Event> type) {
        this.id = id;
        this.schemaVersion = schemaVersion;
        this.type = type;
    }

    public int id() {
        return id;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public Class<? extends Event> type() {
        return type;
    }

    public static EventType of(Event event) {
        return switch (event) {
            case ModelVersionRegistered e -> MODEL_VERSION_REGISTERED;
            case AliasMoved e -> ALIAS_MOVED;
            case VersionDeprecated e -> VERSION_DEPRECATED;
            case DetectionRaised e -> DETECTION_RAISED;
            case MonitorPolicySet e -> MONITOR_POLICY_SET;
            case RetrainQueued e -> RETRAIN_QUEUED;
            case RetrainMerged e -> RETRAIN_MERGED;
            case RetrainStarted e -> RETRAIN_STARTED;
            case RetrainFinished e -> RETRAIN_FINISHED;
            case StudyRecorded e -> STUDY_RECORDED;
            case PromotionDecided e -> PROMOTION_DECIDED;
            case RetrainConfigSet e -> RETRAIN_CONFIG_SET;
            case RetrainDeclined e -> RETRAIN_DECLINED;
            case ModelCreated e -> MODEL_CREATED;
        };
    }

    /** The type with {@code id}, or null. */
    public static EventType byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    static String known() {
        return Arrays.toString(Arrays.stream(values()).mapToInt(EventType::id).toArray());
    }
}
