package io.visutility.registry;

/**
 * A registry request that was refused; nothing was changed. {@link #code()} is stable and is what the
 * HTTP API and CLI map from, in one place each.
 */
public final class RegistryException extends RuntimeException {

    /** Why a request was refused. */
    public enum Code {
        /** A name, version, checksum, tag or metric is malformed. */
        INVALID_INPUT("invalid_input"),
        /** The model, version, alias or artifact does not exist. */
        NOT_FOUND("not_found"),
        /** The version exists with a different artifact checksum. */
        CHECKSUM_CONFLICT("checksum_conflict"),
        /** The version is deprecated and cannot take an alias. */
        DEPRECATED("deprecated"),
        /** The request does not fit the current state (a job that is not running, nothing awaiting approval). */
        CONFLICT("conflict");

        private final String id;

        Code(String id) {
            this.id = id;
        }

        /** The stable identifier, e.g. {@code checksum_conflict}. */
        public String id() {
            return id;
        }
    }

    private final Code code;

    public RegistryException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    public static RegistryException invalid(String message) {
        return new RegistryException(Code.INVALID_INPUT, message);
    }

    static RegistryException conflict(String message) {
        return new RegistryException(Code.CONFLICT, message);
    }

    static RegistryException notFound(String message) {
        return new RegistryException(Code.NOT_FOUND, message);
    }
}
