"""JSON Schema of deskops' configuration file, for checking the example configs under deploy/
without building the binary.

It mirrors ConfigSchema() in daemon/config.cc (keys, types, enums, duration syntax), which stays
the authority: `deskops config check FILE` is the real check, and the daemon's integration tests
run it on these same files.
"""
import os
import re

import jsonschema


def _registered_kinds():
    """The kinds specs/kinds.def registers (the one registration of a kind)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "specs",
                        "kinds.def")
    with open(path, encoding="utf-8") as f:
        return re.findall(r"^DESKOPS_KIND\((\w+),", f.read(), re.M)


KINDS = _registered_kinds()

_DURATION = {"type": "string", "pattern": "^0*[0-9]{1,9}(s|m|h)$"}
# Credentials by reference only: exactly one of env or file, never a value.
_SECRET_REF = {
    "type": "object",
    "properties": {
        "env": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
        "file": {"type": "string", "minLength": 1},
    },
    "additionalProperties": False,
    "minProperties": 1,
    "maxProperties": 1,
}


def _struct(properties):
    return {"type": "object", "properties": properties, "additionalProperties": False}


SCHEMA = _struct({
    "endpoint": {"type": "string", "pattern": "^https?://[^/?#]+"},
    "region": {"type": "string", "minLength": 1},
    "projectId": {"type": "string", "minLength": 1},
    "credentials": _struct({k: _SECRET_REF for k in
                            ("ak", "sk", "securityToken", "projectId", "authToken")}),
    "caFile": {"type": "string", "minLength": 1},
    "insecureSkipTlsVerify": {"type": "boolean"},
    "manifests": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "stateDir": {"type": "string", "minLength": 1},
    "state": _struct({"etcd": {**_struct({
        "endpoints": {"type": "array", "minItems": 1,
                      "items": {"type": "string", "pattern": "^https?://[^/?#]+"}},
        "prefix": {"type": "string", "pattern": "^/(.*/)?$"},
        "caFile": {"type": "string", "minLength": 1},
        "certFile": {"type": "string", "minLength": 1},
        "keyFile": {"type": "string", "minLength": 1},
        "username": _SECRET_REF,
        "password": _SECRET_REF,
        "leaseTTL": _DURATION,
    })}}),
    "owner": {"type": "string", "minLength": 1},
    "strictReferences": {"type": "boolean"},
    "intervals": _struct({
        "reconcile": _DURATION,
        "retry": _DURATION,
        "jitterPercent": {"type": "integer", "minimum": 0, "maximum": 50},
        "kinds": {"type": "object", "propertyNames": {"enum": KINDS},
                  "additionalProperties": _DURATION},
    }),
    "limits": _struct({
        "requestsPerSecond": {"type": "integer", "minimum": 1},
        "burst": {"type": "integer", "minimum": 1},
        "maxInFlight": {"type": "integer", "minimum": 1},
        "maxConnections": {"type": "integer", "minimum": 1},
        "requestTimeout": _DURATION,
        "concurrency": {"type": "integer", "minimum": 1, "maximum": 64},
    }),
    "prune": _struct({
        "enabled": {"type": "boolean"},
        "allowEmpty": {"type": "boolean"},
        "maxDeletions": {"type": "integer", "minimum": -1},
        "maxDeletionPercent": {"type": "integer", "minimum": -1, "maximum": 100},
    }),
    "disruption": _struct({
        "allowDestructive": {"type": "boolean"},
        "maxDisruptive": {"type": "integer", "minimum": -1},
        "disruptConnected": {"type": "boolean"},
        "disconnectedGrace": _DURATION,
        "ignoreWindows": {"type": "boolean"},
    }),
    "maintenanceWindows": {"type": "array", "items": {
        "type": "object",
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 63},
            "days": {"type": "array", "minItems": 1,
                     "items": {"enum": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]}},
            "start": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
            "duration": {"type": "string", "pattern": "^0*[1-9][0-9]{0,5}(m|h)$"},
            "timeZone": {"type": "string", "minLength": 1},
            "kinds": {"type": "array", "minItems": 1, "items": {"enum": KINDS}},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        "required": ["start", "duration", "timeZone"],
        "additionalProperties": False,
    }},
    "observeOnly": {"type": "boolean"},
    "driftWebhook": {"type": "string", "pattern": "^https?://[^/?#]+"},
    "adopt": {"type": "object", "propertyNames": {"enum": KINDS},
              "additionalProperties": {"type": "boolean"}},
    "shutdownGrace": _DURATION,
    "pendingCreateGrace": _DURATION,
    "admin": _struct({"listen": {"type": "string", "pattern": "^.+:[0-9]+$"},
                      "livenessTimeout": {"type": "string",
                                          "pattern": "^0*[1-9][0-9]{0,8}(s|m|h)$"}}),
    "log": _struct({
        "format": {"enum": ["auto", "logfmt", "json"]},
        "level": {"enum": ["debug", "info", "warn", "error"]},
    }),
})


def validate(config):
    """Raises jsonschema.ValidationError when `config` (parsed YAML) breaks the schema."""
    jsonschema.validate(config, SCHEMA)


def duration_seconds(text):
    """'30s' -> 30, '5m' -> 300, '1h' -> 3600 (deskops durations count whole seconds)."""
    for unit, factor in (("s", 1), ("m", 60), ("h", 3600)):
        if text.endswith(unit) and text[: -len(unit)].isdigit():
            return int(text[: -len(unit)]) * factor
    raise ValueError(f"not a duration: {text!r}")


def listen_port(config):
    """The admin server's port, from admin.listen (default 127.0.0.1:9180)."""
    listen = config.get("admin", {}).get("listen", "127.0.0.1:9180")
    return int(listen.rsplit(":", 1)[1])
