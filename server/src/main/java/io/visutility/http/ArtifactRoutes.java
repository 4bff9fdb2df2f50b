package io.visutility.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.registry.ArtifactRef;
import io.visutility.registry.ArtifactStore;
import io.visutility.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/artifacts}: bodies of any size streamed into and out of the content-addressed store.
 * A digest is checked to be 64 lowercase hex digits before it is used, so no path can address a file
 * outside the store.
 */
final class ArtifactRoutes {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final ArtifactStore store;

    ArtifactRoutes(ArtifactStore store) {
        this.store = store;
    }

    void register(HttpRouting.Builder routing) {
        routing.put("/api/v1/artifacts", this::upload)
                // {+digest} takes the rest of the path, so "a/../b" reaches the check below and gets a 400
                .get("/api/v1/artifacts/{+digest}", this::download);
        MethodNotAllowed.register(routing, "/api/v1/artifacts", Method.PUT);
        MethodNotAllowed.register(routing, "/api/v1/artifacts/{+digest}", Method.GET);
    }

    private void upload(ServerRequest req, ServerResponse res) throws IOException {
        ArtifactRef ref;
        RequestFraming.check(req);
        try (InputStream in = RequestStream.of(req)) {
            ref = store.put(in);
        }
        res.header(HeaderNames.LOCATION, "/api/v1/artifacts/" + ref.sha256());
        Json.send(res, 201, Representations.artifact(ref));
    }

    private void download(ServerRequest req, ServerResponse res) throws IOException {
        String digest = digest(req.path().pathParameters().get("digest"));
        ArtifactRef ref = store.find(digest).orElseThrow(() -> new RegistryException(RegistryException.Code.NOT_FOUND,
                "no artifact with SHA-256 " + digest + " is stored"));
        try (InputStream in = store.open(digest)) {
            res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
            res.header(HeaderNames.ETAG, "\"" + digest + "\"");
            res.contentLength(ref.size());
            try (OutputStream out = res.outputStream()) {
                in.transferTo(out);
            }
        }
    }

    static String digest(String text) {
        if (!SHA256.matcher(text).matches()) {
            throw RequestBodies.invalid("expected an artifact SHA-256 of 64 lowercase hex digits but got '"
                    + Texts.abbreviate(text) + "'");
        }
        return text;
    }
}
