package io.visutility.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of the {@code visutility} command: exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {

    /** Runs {@code visutility --data DATA args…} with captured output. */
    static CliRun run(Path data, String... args) {
        List<String> all = new ArrayList<>(List.of("--data", data.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VisutilityCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(all.toArray(String[]::new));
        return new CliRun(exit, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }

    JsonNode json() throws IOException {
        return new ObjectMapper().readTree(out);
    }

    /** The field names of a JSON object, in order. */
    static List<String> fields(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
