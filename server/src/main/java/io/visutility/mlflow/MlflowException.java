package io.visutility.mlflow;

/** A request refused in MLflow's terms: an {@link ErrorCode} and a message saying what was expected. */
final class MlflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    MlflowException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    ErrorCode code() {
        return code;
    }

    static MlflowException invalid(String message) {
        return new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, message);
    }

    static MlflowException notFound(String message) {
        return new MlflowException(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
    }
}
