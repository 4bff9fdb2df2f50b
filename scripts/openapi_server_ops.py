#!/usr/bin/env python3
"""Adds the server-operations part of the OpenAPI document (events, webhooks, metrics, auth).

Idempotent: run it after editing server/src/main/resources/io/visutility/http/openapi.json by hand
to make sure these entries are present and current.
"""
import json, sys, pathlib

path = pathlib.Path(__file__).resolve().parent.parent / "server/src/main/resources/io/visutility/http/openapi.json"
d = json.loads(path.read_text())
c = d["components"]
R = c["responses"]
S = c["schemas"]

def problem(desc):
    return {"description": desc, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}

R["Unauthorized"] = problem("No valid API token (code `unauthorized`); sent with `WWW-Authenticate: Bearer`.")
R["Forbidden"] = problem("The token's role does not allow this request (code `forbidden`).")
R["Unavailable"] = problem("The server is shutting down (code `unavailable`).")
c.setdefault("securitySchemes", {})["bearer"] = {
    "type": "http", "scheme": "bearer",
    "description": "An API token from `visutility token create --role read|write|admin`. Required when the "
                   "server listens beyond loopback or once any token exists. GET needs read; PUT /api/v1/artifacts, "
                   "POST /api/v1/models/{name}/versions and POST /api/v1/telemetry need write; every other change needs admin."}
d["security"] = [{"bearer": []}, {}]

# the dashboard: a read-only telemetry series per model, and the page's static files (public, no data)
STATIC_PATHS = ("/", "/dashboard/{file}", "/webjars/uplot/1.6.30/dist/{file}")
S["SeriesPoint"] = {"type": "object", "required": ["t", "count", "outcomes", "correct", "errors", "features", "drift", "scores"],
    "description": "One second of a model's telemetry. Measures without data in that second (version, accuracy, "
                   "accuracy_samples, latency_ms) are left out, never null.",
    "properties": {
        "t": {"type": "integer", "description": "Start of the second, epoch milliseconds."},
        "version": {"type": "string", "description": "The version seen most in the second."},
        "count": {"type": "integer", "description": "Telemetry items of any type."},
        "outcomes": {"type": "integer"}, "correct": {"type": "integer"},
        "accuracy": {"type": "number", "description": "correct / outcomes."},
        "accuracy_samples": {"type": "object", "properties": {"count": {"type": "integer"}, "mean": {"type": "number"}}},
        "latency_ms": {"type": "object", "properties": {"count": {"type": "integer"}, "mean": {"type": "number"},
            "p95": {"type": "number", "description": "Nearest rank over a reservoir of at most 256 latencies (exact up to 256)."}}},
        "errors": {"type": "integer", "description": "inference_error telemetry."},
        "features": {"type": "object", "additionalProperties": {"type": "number"}, "description": "Mean per numeric feature (at most 16 per model)."},
        "drift": {"type": "object", "additionalProperties": {"type": "number"},
                  "description": "z = (mean - reference mean) / reference std per feature, against the version's reference profile or its first 200 values."},
        "scores": {"type": "object", "additionalProperties": {"type": "number"}, "description": "Last drift_score value per name."}}}
S["Series"] = {"type": "object", "required": ["model", "step_ms", "points", "detections"], "properties": {
    "model": {"type": "string"}, "step_ms": {"type": "integer", "const": 1000},
    "points": {"type": "array", "items": {"$ref": "#/components/schemas/SeriesPoint"}},
    "detections": {"type": "array", "items": {"type": "object", "properties": {
        "t": {"type": "integer", "description": "detected_at, epoch milliseconds"}, "position": {"type": "integer"},
        "version": {"type": ["string", "null"]}, "detector": {"type": "string"}, "severity": {"type": "string"},
        "reason": {"type": "string"}}}}}}
model_name = {"name": "name", "in": "path", "required": True, "description": "Model name.",
              "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$", "maxLength": 128}}
d["paths"]["/api/v1/models/{name}/series"] = {"get": {
    "operationId": "getSeries", "summary": "The model's telemetry of the last hour, per second (for the dashboard)",
    "description": "Kept in memory only (not journaled, lost on restart): the last 3,600 seconds per model, up to 1,000 "
                   "models and 16 numeric features per model. Detections whose time falls in the returned range come along.",
    "parameters": [model_name, {"name": "since", "in": "query", "required": False,
                    "description": "Epoch milliseconds; only seconds starting at or after it.",
                    "schema": {"type": "integer", "minimum": 0}}],
    "responses": {"200": {"description": "The series.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Series"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"$ref": "#/components/responses/NotFound"}}}}
def static_file(op_id, summary, media):
    return {"get": {"operationId": op_id, "summary": summary, "security": [{}],
        "responses": {"200": {"description": "The file.", "content": {m: {"schema": {"type": "string"}} for m in media}},
                      "404": {"$ref": "#/components/responses/NotFound"}}}}
file_param = {"name": "file", "in": "path", "required": True, "schema": {"type": "string"}}
d["paths"]["/"] = static_file("dashboardPage", "The live dashboard (public: static HTML, it reads the API with the user's token)",
                              ["text/html"])
d["paths"]["/dashboard/{file}"] = static_file("dashboardFile", "The dashboard's script and style sheet (public)",
                                              ["text/javascript", "text/css"])
d["paths"]["/dashboard/{file}"]["get"]["parameters"] = [dict(file_param, schema={"type": "string", "enum": ["index.html", "dashboard.js", "dashboard.css"]})]
d["paths"]["/webjars/uplot/1.6.30/dist/{file}"] = static_file("uplotFile", "The uPlot chart library from its WebJar (public)",
                                                              ["text/javascript", "text/css"])
d["paths"]["/webjars/uplot/1.6.30/dist/{file}"]["get"]["parameters"] = [dict(file_param, schema={
    "type": "string", "pattern": "^[A-Za-z][A-Za-z0-9.-]{0,63}[.](js|css)$"})]
for p, ops in d["paths"].items():
    for m, op in ops.items():
        if not isinstance(op, dict) or "responses" not in op:
            continue
        if p in ("/health", "/api/v1/openapi.json") + STATIC_PATHS:
            op["security"] = [{}]
            continue
        op["responses"].setdefault("401", {"$ref": "#/components/responses/Unauthorized"})
        op["responses"].setdefault("403", {"$ref": "#/components/responses/Forbidden"})
        op["responses"].setdefault("503", {"$ref": "#/components/responses/Unavailable"})

S["Event"] = {"type": "object", "required": ["id", "type", "model", "event"], "properties": {
    "id": {"type": "integer", "description": "Journal position; resume after it."},
    "type": {"type": "string", "description": "Event type, e.g. model_version_registered, alias_moved, detection_raised, retrain_finished."},
    "model": {"type": "string"},
    "event": {"type": "object", "description": "The journal record, as `visutility journal dump` prints it."}}}
S["WebhookRequest"] = {"type": "object", "additionalProperties": False, "required": ["url"], "properties": {
    "url": {"type": "string", "description": "http(s) URL to POST each event to; no user:password, no #fragment."},
    "secret": {"type": "string", "minLength": 16, "maxLength": 256, "description": "HMAC key; generated (whsec_…) when absent."},
    "events": {"type": "array", "items": {"type": "string"}, "description": "Event types to deliver; all when absent or empty."},
    "description": {"type": "string", "maxLength": 1024},
    "after": {"type": "integer", "minimum": 0, "description": "Deliver events after this journal position (default: from now on)."}}}
S["Webhook"] = {"type": "object", "properties": {
    "id": {"type": "string", "pattern": "^wh_[0-9a-f]{12}$"}, "url": {"type": "string"},
    "events": {"type": "array", "items": {"type": "string"}}, "description": {"type": ["string", "null"]},
    "created_at": {"type": "string", "format": "date-time"},
    "secret": {"type": "string", "description": "Only in the 201 answer that created it."},
    "delivery": {"type": "object", "properties": {
        "delivered_through": {"type": "integer", "description": "Journal position handled (delivered or filtered out)."},
        "pending": {"type": "integer", "description": "Journal positions after it."},
        "delivered": {"type": "integer", "description": "Events delivered since the server started."},
        "consecutive_failures": {"type": "integer"}, "last_error": {"type": ["string", "null"]},
        "last_attempt_at": {"type": ["string", "null"], "format": "date-time"},
        "next_attempt_at": {"type": ["string", "null"], "format": "date-time"}}}}}
wid = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^wh_[0-9a-f]{12}$"}}
common = {"400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}, "503": {"$ref": "#/components/responses/Unavailable"}}
d["paths"]["/api/v1/events"] = {"get": {
    "operationId": "streamEvents", "summary": "Every journaled event as Server-Sent Events",
    "description": "Each SSE event has `id:` (journal position), `event:` (type) and `data:` (an Event). Resume with "
                   "`Last-Event-ID` or `?after=N`; without either the stream starts at the next event. A `: keepalive` "
                   "comment every 15 s. Events compacted away before a resumed stream reads them arrive as one `missed` event.",
    "parameters": [
        {"name": "Last-Event-ID", "in": "header", "schema": {"type": "integer", "minimum": 0}},
        {"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0}},
        {"name": "model", "in": "query", "schema": {"type": "string"}, "description": "Only this model's events."},
        {"name": "types", "in": "query", "schema": {"type": "string"}, "description": "Comma-separated event types."}],
    "responses": dict({"200": {"description": "An endless event stream.", "content": {"text/event-stream": {
        "schema": {"type": "string"}, "example": "id: 7\nevent: alias_moved\ndata: {\"id\":7,\"type\":\"alias_moved\",\"model\":\"detector\",\"event\":{…}}\n\n"}}}}, **common)}}
d["paths"]["/api/v1/webhooks"] = {
    "get": {"operationId": "listWebhooks", "summary": "Webhook endpoints and their delivery state (never secrets)",
            "responses": dict({"200": {"description": "The endpoints.", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"webhooks": {"type": "array", "items": {"$ref": "#/components/schemas/Webhook"}}}}}}}}, **common)},
    "post": {"operationId": "addWebhook", "summary": "Register a webhook endpoint (admin)",
             "description": "Each event is POSTed as an Event with headers X-Visutility-Event-Id, X-Visutility-Event-Type, "
                            "X-Visutility-Timestamp and X-Visutility-Signature: sha256=hex(HMAC-SHA256(secret, \"<id>.<timestamp>.<body>\")). "
                            "Delivered in order, at least once, retried with exponential backoff until a 2xx answer.",
             "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookRequest"}}}},
             "responses": dict({"201": {"description": "Registered; the only answer that shows the secret.", "content": {
                 "application/json": {"schema": {"$ref": "#/components/schemas/Webhook"}}}},
                 "409": {"$ref": "#/components/responses/Conflict"}}, **common)}}
d["paths"]["/api/v1/webhooks/{id}"] = {
    "get": {"operationId": "getWebhook", "summary": "One endpoint and its delivery state", "parameters": [wid],
            "responses": dict({"200": {"description": "The endpoint.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Webhook"}}}},
                               "404": {"$ref": "#/components/responses/NotFound"}}, **common)},
    "delete": {"operationId": "removeWebhook", "summary": "Remove an endpoint; its deliveries stop", "parameters": [wid],
               "responses": dict({"204": {"description": "Removed."}, "404": {"$ref": "#/components/responses/NotFound"}}, **common)}}
d["paths"]["/metrics"] = {"get": {"operationId": "metrics", "summary": "Prometheus metrics (text format 0.0.4)",
    "responses": dict({"200": {"description": "Metrics.", "content": {"text/plain": {"schema": {"type": "string"}}}}}, **common)}}
if "MethodNotAllowed" in R:
    for p in ("/api/v1/events", "/api/v1/webhooks", "/api/v1/webhooks/{id}", "/metrics", "/health", "/api/v1/openapi.json",
              "/api/v1/telemetry", "/api/v1/models/{name}/series") + STATIC_PATHS:
        for op in d["paths"][p].values():
            op["responses"].setdefault("405", {"$ref": "#/components/responses/MethodNotAllowed"})
path.write_text(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
print("updated", path)
