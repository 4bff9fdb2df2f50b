package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.drift.stats.Dataset;
import io.visutility.drift.stats.DatasetDrift;
import io.visutility.drift.stats.DriftComparison;
import io.visutility.drift.stats.DriftMethod;
import io.visutility.drift.stats.FeatureDrift;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visutility drift compare}: per-feature two-sample drift tests between two CSV data sets. */
@Command(name = "compare", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {"Compare every feature of a reference data set with the current one (Evidently's tests"
                + " and defaults).",
                "Both files are CSV with a header row, one column per feature; columns only in the current file"
                        + " are ignored. A feature drifts when p < threshold (ks, chisquare) or distance >= threshold"
                        + " (wasserstein, jensenshannon, psi); the data set drifts when at least half of its"
                        + " features do."})
final class DriftCompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--reference", required = true, paramLabel = "REF.csv", description = "The reference data set.")
    Path reference;

    @Option(names = "--current", required = true, paramLabel = "CUR.csv", description = "The current data set.")
    Path current;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto", converter = MethodConverter.class,
            description = "auto (default: per feature, as Evidently), ks, chisquare, wasserstein, jensenshannon"
                    + " or psi.")
    DriftMethod method;

    @Option(names = "--threshold", paramLabel = "X",
            description = "P-value or distance threshold for every feature (default: 0.05 for p-values, 0.1 for"
                    + " distances).")
    Double threshold;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    /** Turns a method name into a {@link DriftMethod}; an unknown name is a malformed command line. */
    static final class MethodConverter implements CommandLine.ITypeConverter<DriftMethod> {
        @Override
        public DriftMethod convert(String value) {
            try {
                return DriftMethod.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        Dataset ref = read("--reference", reference);
        Dataset cur = read("--current", current);
        DatasetDrift drift;
        try {
            drift = DriftComparison.compare(ref, cur, method,
                    threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold));
        } catch (IllegalArgumentException e) {
            throw new VisutilityCommand.UserError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Output.write(json(drift)));
        } else {
            text(drift, out);
        }
        out.flush();
        return 0;
    }

    private static Dataset read(String option, Path file) throws IOException {
        InputFiles.readable(option, file);
        try {
            return Dataset.readCsv(file);
        } catch (IllegalArgumentException e) { // DatasetFormatException names the file, line and column
            throw new VisutilityCommand.UserError(e.getMessage());
        } catch (CharacterCodingException e) {
            throw new VisutilityCommand.UserError(file + ": expected UTF-8 text but the file holds other bytes");
        }
    }

    static ObjectNode json(DatasetDrift drift) {
        ObjectNode o = Output.JSON.createObjectNode();
        ArrayNode features = o.putArray("features");
        for (FeatureDrift f : drift.features()) {
            ObjectNode n = features.addObject();
            n.put("name", f.name());
            n.put("method", f.method().cliName());
            if (Double.isFinite(f.statistic())) {
                n.put("statistic", f.statistic());
            } else {
                n.putNull("statistic"); // chi-square is infinite when the current data has a new category
            }
            f.pValue().ifPresent(p -> n.put("p_value", p));
            n.put("threshold", f.threshold());
            n.put("drifted", f.drifted());
        }
        o.put("drifted_share", drift.driftedShare());
        o.put("dataset_drift", drift.datasetDrift());
        return o;
    }

    private static void text(DatasetDrift drift, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"feature", "method", "statistic", "p_value", "threshold", "drifted"});
        for (FeatureDrift f : drift.features()) {
            rows.add(new String[] {f.name(), f.method().cliName(), number(f.statistic()),
                    f.pValue().isPresent() ? number(f.pValue().getAsDouble()) : "-", plain(f.threshold()),
                    f.drifted() ? "yes" : "no"});
        }
        Table.print(rows, out);
        long drifted = drift.features().stream().filter(FeatureDrift::drifted).count();
        out.println();
        out.println(drifted + " of " + drift.features().size() + " feature(s) drifted (share "
                + String.format(Locale.ROOT, "%.2f", drift.driftedShare()) + "): "
                + (drift.datasetDrift() ? "dataset drift" : "no dataset drift"));
    }

    /** A threshold as written, without an exponent: {@code 0.0001}, {@code 5}. */
    static String plain(double v) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : number(v);
    }

    /** Four significant digits; tiny p-values in scientific notation. */
    static String number(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.4g", v);
    }
}
