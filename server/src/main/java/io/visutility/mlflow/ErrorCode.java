package io.visutility.mlflow;

/** The MLflow error codes this API answers with, each with the HTTP status MLflow's server gives it. */
enum ErrorCode {
    INVALID_PARAMETER_VALUE(400),
    RESOURCE_ALREADY_EXISTS(400),
    INVALID_STATE(400),
    RESOURCE_DOES_NOT_EXIST(404),
    ENDPOINT_NOT_FOUND(404),
    INTERNAL_ERROR(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    int status() {
        return status;
    }
}
