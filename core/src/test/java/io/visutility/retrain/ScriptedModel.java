package io.visutility.retrain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-process model whose validation accuracy is a function of its hyper-parameters; it records
 * every fit (params and parent artifact) and writes the params as its artifact.
 */
final class ScriptedModel implements TrainableModel {
    record Fit(Map<String, Object> params, Optional<Path> parent) {}

    private final Function<Map<String, Object>, Double> accuracy;
    final List<Fit> fits = new CopyOnWriteArrayList<>();

    ScriptedModel(Function<Map<String, Object>, Double> accuracy) {
        this.accuracy = accuracy;
    }

    static ScriptedModel constant(double accuracy) {
        return new ScriptedModel(p -> accuracy);
    }

    @Override
    public Fitted fit(Map<String, Object> params, Optional<Path> parentArtifact) {
        fits.add(new Fit(params, parentArtifact));
        double acc = accuracy.apply(params);
        String weights = "weights for " + params + " #" + fits.size();
        return new Fitted() {
            @Override
            public Map<String, Double> validationMetrics() {
                return Map.of("accuracy", acc, "loss", 1 - acc);
            }

            @Override
            public void save(Path file) throws IOException {
                Files.writeString(file, weights, StandardCharsets.UTF_8);
            }
        };
    }

    List<Map<String, Object>> params() {
        List<Map<String, Object>> out = new ArrayList<>();
        fits.forEach(f -> out.add(f.params()));
        return out;
    }
}
