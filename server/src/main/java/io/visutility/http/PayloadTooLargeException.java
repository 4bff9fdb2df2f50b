package io.visutility.http;

/** A request body longer than the endpoint accepts; nothing was changed. */
final class PayloadTooLargeException extends RuntimeException {
    PayloadTooLargeException(String message) {
        super(message);
    }
}
