package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.drift.ChangeDetector;
import io.visutility.drift.Signal;
import io.visutility.drift.online.ChangeDetectors;
import io.visutility.drift.online.DetectorParameter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visutility drift detect}: runs an online change detector over one column of a CSV file. */
@Command(name = "detect", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {"Run an online change detector over a numeric column of a CSV file, value by value, and"
                + " list the 0-based positions where it signalled a warning or a drift.",
                "The file needs a header row; blank lines are skipped; an empty or non-numeric cell in the"
                        + " column is refused."})
final class DriftDetectCommand implements Callable<Integer> {
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--detector", required = true, paramLabel = "NAME", converter = DetectorName.class,
            description = "adwin, page-hinkley, ddm, eddm, hddm-a, hddm-w or kswin (parameters below).")
    String detector;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A detector parameter; repeatable.")
    List<String> params = new ArrayList<>();

    @Option(names = "--input", required = true, paramLabel = "STREAM.csv",
            description = "The stream: CSV, one row per value.")
    Path input;

    @Option(names = "--column", paramLabel = "NAME", description = "The column to read (default: the last one).")
    String column;

    @Option(names = "--json", description = "Print {\"warnings\":[…],\"drifts\":[…]} as JSON.")
    boolean json;

    /** Receives the command's model when it is built, and adds every detector's parameters to the help. */
    @CommandLine.Spec
    void spec(CommandLine.Model.CommandSpec spec) {
        this.spec = spec;
        spec.usageMessage().footerHeading("%nDetector parameters (--param KEY=VALUE; default in brackets):%n");
        spec.usageMessage().footer(parameterHelp().replace("%", "%%"));
    }

    /** Checks the detector's name while parsing, so an unknown one is a malformed command line. */
    static final class DetectorName implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!ChangeDetectors.names().contains(value)) {
                throw new CommandLine.TypeConversionException("unknown change detector '" + value
                        + "'; expected one of " + String.join(", ", ChangeDetectors.names()));
            }
            return value;
        }
    }

    /** Every detector's parameters, one block per detector, wrapped to fit 80 columns. */
    static String parameterHelp() {
        StringBuilder b = new StringBuilder();
        for (String name : ChangeDetectors.names()) {
            b.append("  ").append(name).append('\n');
            for (DetectorParameter p : ChangeDetectors.parameters(name)) {
                b.append("    ").append(p.name()).append(" [").append(p.defaultValue()).append("]  ")
                        .append(p.accepted()).append('\n');
                wrap(p.description(), "        ", 79, b);
            }
        }
        return b.toString();
    }

    private static void wrap(String text, String indent, int width, StringBuilder b) {
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                b.append(line).append('\n');
                line.setLength(0);
                line.append(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        b.append(line).append('\n');
    }

    @Override
    public Integer call() throws IOException {
        ChangeDetector d;
        try {
            d = ChangeDetectors.create(detector, KeyValues.strings("--param", params));
        } catch (IllegalArgumentException e) {
            throw new VisutilityCommand.UserError(e.getMessage());
        }
        DriftStream stream = DriftStream.read(InputFiles.readable("--input", input), column);
        List<Integer> warnings = new ArrayList<>();
        List<Integer> drifts = new ArrayList<>();
        double[] values = stream.values();
        for (int i = 0; i < values.length; i++) {
            Signal s;
            try {
                s = d.update(values[i]);
            } catch (IllegalArgumentException e) {
                throw DriftStream.refused(input, stream.lines()[i], e.getMessage());
            }
            if (s == Signal.WARNING) {
                warnings.add(i);
            } else if (s == Signal.DRIFT) {
                drifts.add(i);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Output.JSON.createObjectNode();
            ArrayNode w = o.putArray("warnings");
            warnings.forEach(w::add);
            ArrayNode dr = o.putArray("drifts");
            drifts.forEach(dr::add);
            out.println(Output.write(o));
        } else {
            out.println(detector + " on column '" + stream.column() + "' of " + input + ": " + values.length
                    + " value(s)");
            out.println("warnings (" + warnings.size() + "): " + list(warnings));
            out.println("drifts (" + drifts.size() + "): " + list(drifts));
        }
        out.flush();
        return 0;
    }

    /** Positions in order, runs of consecutive ones as {@code first-last}. */
    static String list(List<Integer> positions) {
        if (positions.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        int start = positions.get(0);
        int previous = start;
        for (int i = 1; i <= positions.size(); i++) {
            if (i < positions.size() && positions.get(i) == previous + 1) {
                previous = positions.get(i);
                continue;
            }
            parts.add(start == previous ? Integer.toString(start) : start + "-" + previous);
            if (i < positions.size()) {
                start = positions.get(i);
                previous = start;
            }
        }
        return String.join(" ", parts);
    }
}
