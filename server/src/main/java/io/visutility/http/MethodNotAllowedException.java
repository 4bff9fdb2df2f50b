package io.visutility.http;

/** A request for a path that exists, with a method it does not have; nothing was changed. */
final class MethodNotAllowedException extends RuntimeException {
    private final String allow;

    MethodNotAllowedException(String method, String path, String allow) {
        super("expected one of " + allow + " for " + Texts.abbreviate(path) + " but got " + Texts.abbreviate(method));
        this.allow = allow;
    }

    /** The value of the {@code Allow} header: the methods the path has, like {@code GET, PUT}. */
    String allow() {
        return allow;
    }
}
