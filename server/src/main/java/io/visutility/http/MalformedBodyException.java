package io.visutility.http;

/**
 * The request body could not be read as HTTP framed it: a broken chunked encoding, fewer bytes than
 * declared, a client that went away mid-body. The client's fault, so a 400 that is not logged as a
 * server failure; nothing was changed.
 */
final class MalformedBodyException extends RuntimeException {
    MalformedBodyException(Throwable cause) {
        super("expected a request body framed as its headers declare (Content-Length or chunked) but it broke off"
                + " or was malformed" + (cause.getMessage() == null ? "" : ": " + Texts.abbreviate(cause.getMessage())),
                cause);
    }
}
