package io.visutility.retrain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a user's program receives hyper-parameters, the same for tuning and for training: each as a
 * {@code --name=value} argument appended to the command and as a {@code VISU_PARAM_<NAME>}
 * environment variable (upper case, characters other than letters, digits and {@code _} as {@code _}).
 */
record ProgramCall(List<String> argv, Map<String, String> environment) {

    static ProgramCall of(List<String> command, Map<String, ?> params) {
        List<String> argv = new ArrayList<>(command);
        Map<String, String> env = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            argv.add("--" + name + "=" + value);
            env.put(environmentName(name), String.valueOf(value));
        });
        return new ProgramCall(argv, env);
    }

    static String environmentName(String param) {
        return "VISU_PARAM_" + param.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }
}
