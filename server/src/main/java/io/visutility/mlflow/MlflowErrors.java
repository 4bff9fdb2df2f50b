package io.visutility.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.registry.RegistryException;

/**
 * The one place where errors under {@code /api/2.0/mlflow/} become responses: MLflow's
 * {@code {"error_code", "message"}} with the status MLflow gives that code, so that MLflow clients
 * raise their usual exceptions. Bad input is always a 4xx; anything unexpected is a 500 whose message
 * says nothing about the internals (the cause is logged).
 */
final class MlflowErrors {
    private static final System.Logger LOG = System.getLogger(MlflowErrors.class.getName());

    private MlflowErrors() {}

    /** {@code handler}, answering whatever it throws as an MLflow error. */
    static Handler guarded(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (Exception e) {
                send(res, e);
            }
        };
    }

    static MlflowException of(Throwable e) {
        return switch (e) {
            case MlflowException m -> m;
            case RegistryException re -> switch (re.code()) {
                case INVALID_INPUT -> MlflowException.invalid(re.getMessage());
                case NOT_FOUND -> MlflowException.notFound(re.getMessage());
                case CHECKSUM_CONFLICT, DEPRECATED, CONFLICT -> new MlflowException(ErrorCode.INVALID_STATE,
                        re.getMessage());
            };
            case JsonProcessingException jp -> MlflowException.invalid("expected a JSON object as the request body: "
                    + jp.getOriginalMessage());
            case HttpException he when he.status().code() < 500 -> MlflowException.invalid(he.getMessage());
            default -> {
                LOG.log(System.Logger.Level.ERROR, "an MLflow request failed unexpectedly", e);
                yield new MlflowException(ErrorCode.INTERNAL_ERROR,
                        "the server failed to handle the request; the cause is in its log");
            }
        };
    }

    static void send(ServerResponse res, Throwable e) {
        if (res.isSent()) {
            LOG.log(System.Logger.Level.WARNING, "an MLflow request failed after its response was sent", e);
            return;
        }
        MlflowException m = of(e);
        ObjectNode body = MlflowJson.MAPPER.createObjectNode();
        body.put("error_code", m.code().name());
        body.put("message", m.getMessage());
        MlflowJson.send(res, m.code().status(), body);
    }
}
