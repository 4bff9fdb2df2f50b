package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.event.Lineage;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import io.visutility.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Mixin;

@Command(name = "register", description = "Register a model version with its artifact and metadata.")
final class RegisterCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model name (letters, digits, '-', '_', '.').")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "Semantic version, e.g. 1.2.3.")
    String version;

    @Option(names = "--artifact", required = true, paramLabel = "FILE", description = "The model artifact file.")
    Path artifact;

    @Option(names = "--metric", paramLabel = "KEY=VALUE", description = "Validation metric (a number), repeatable.")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Tag, repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Hyper-parameter (JSON or text), repeatable.")
    List<String> params = new ArrayList<>();

    @Option(names = "--parent", paramLabel = "VERSION", description = "Lineage: the version this one was trained from.")
    String parent;

    @Option(names = "--job", paramLabel = "ID", description = "Lineage: the training job that produced it.")
    String job;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Lineage: why it was trained.")
    String reason;

    @Option(names = "--json", description = "Print the registered version as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(artifact)) {
            throw new VisutilityCommand.UserError("expected --artifact to name a readable file but '" + artifact
                    + "' " + (Files.exists(artifact) ? "is not a regular file" : "does not exist"));
        }
        NewVersion request = new NewVersion(model, version, null, KeyValues.json("--metric", metrics, true),
                KeyValues.strings("--tag", tags), KeyValues.json("--param", params, false),
                new Lineage(parent, job, reason));
        Registry.validate(request);
        try (Backend b = ctx.creating()) {
            Backend.Registered r = b.register(request, artifact);
            ObjectNode v = r.version();
            if (json) {
                ctx.out().println(Output.write(v));
            } else {
                ctx.out().println((r.created() ? "registered " : "already registered ") + v.get("model").asText() + " "
                        + v.get("version").asText() + " sha256=" + v.get("sha256").asText() + " ("
                        + v.get("size").asLong() + " bytes)");
            }
        }
        return 0;
    }

    /**
     * Refuses to register {@code artifact} under an existing version with another checksum.
     *
     * @throws RegistryException {@code checksum_conflict}
     */
    static void requireSameChecksum(String model, String version, String registeredSha256, Path artifact)
            throws IOException {
        String sha = sha256(artifact);
        if (!sha.equals(registeredSha256)) {
            throw new RegistryException(RegistryException.Code.CHECKSUM_CONFLICT, "model '" + model
                    + "' version " + version + " is already registered with artifact SHA-256 "
                    + registeredSha256 + "; this registration has " + sha + " (register a new version instead)");
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
