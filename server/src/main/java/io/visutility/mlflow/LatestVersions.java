package io.visutility.mlflow;

import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** MLflow's "latest versions": per stage asked for (all four when none is), the highest-numbered version in it. */
final class LatestVersions {
    private LatestVersions() {}

    /** In ascending version number. */
    static List<NumberedVersion> of(List<NumberedVersion> versions, Collection<Stage> stages) {
        Set<Stage> wanted = stages.isEmpty() ? EnumSet.allOf(Stage.class) : EnumSet.copyOf(stages);
        Map<Stage, NumberedVersion> latest = new EnumMap<>(Stage.class);
        for (NumberedVersion n : versions) { // ascending numbers: the last one seen per stage wins
            if (wanted.contains(n.stage())) {
                latest.put(n.stage(), n);
            }
        }
        return latest.values().stream().sorted(java.util.Comparator.comparingInt(NumberedVersion::number)).toList();
    }
}
