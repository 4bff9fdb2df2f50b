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
for p, ops in d["paths"].items():
    for m, op in ops.items():
        if not isinstance(op, dict) or "responses" not in op:
            continue
        if p in ("/health", "/api/v1/openapi.json"):
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
              "/api/v1/telemetry"):
        for op in d["paths"][p].values():
            op["responses"].setdefault("405", {"$ref": "#/components/responses/MethodNotAllowed"})
path.write_text(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
print("updated", path)
