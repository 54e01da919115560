"""Checks admin-spec/openapi.json: valid OpenAPI 3.1 (openapi-spec-validator, 0 errors), unique operationIds, and
every example in it valid against the schema it illustrates (JSON Schema 2020-12, references resolved in the
document). Run by .ci/run in a virtual environment; prints what it checked and exits 1 on any failure."""
import json
import sys

from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator

path = sys.argv[1] if len(sys.argv) > 1 else "admin-spec/openapi.json"
with open(path, encoding="utf-8") as f:
    spec = json.load(f)

failures = []

spec_errors = list(OpenAPIV31SpecValidator(spec).iter_errors())
for error in spec_errors[:20]:
    failures.append(f"spec: {'/'.join(map(str, error.path))}: {error.message[:200]}")
print(f"openapi-spec-validator: {len(spec_errors)} errors")

operation_ids = {}
for route, item in spec.get("paths", {}).items():
    for method, operation in item.items():
        if isinstance(operation, dict) and "operationId" in operation:
            operation_ids.setdefault(operation["operationId"], []).append(f"{method.upper()} {route}")
repeated = {k: v for k, v in operation_ids.items() if len(v) > 1}
for op, where in repeated.items():
    failures.append(f"operationId {op} used {len(where)} times: {where}")
print(f"operationIds: {len(operation_ids)}, repeated: {len(repeated)}")

def validator_for(schema):
    # Resolve "#/components/..." against the whole document: wrap the schema with the document's components.
    wrapped = dict(schema)
    wrapped["components"] = spec.get("components", {})
    return Draft202012Validator(wrapped)


checked = 0


def check(where, schema, example):
    global checked
    checked += 1
    errors = sorted(validator_for(schema).iter_errors(example), key=lambda e: list(e.path))
    for error in errors[:5]:
        failures.append(f"example at {where}: {'/'.join(map(str, error.path)) or '(root)'}: {error.message[:200]}")


for name, schema in spec.get("components", {}).get("schemas", {}).items():
    if "example" in schema:
        check(f"components/schemas/{name}", schema, schema["example"])
    for i, example in enumerate(schema.get("examples", []) if isinstance(schema.get("examples"), list) else []):
        check(f"components/schemas/{name}/examples/{i}", schema, example)


def media_examples(where, content):
    for media, body in (content or {}).items():
        schema = body.get("schema")
        if schema is None:
            continue
        if "example" in body:
            check(f"{where} {media}", schema, body["example"])
        for key, example in (body.get("examples") or {}).items():
            if "value" in example:
                check(f"{where} {media} examples/{key}", schema, example["value"])


for route, item in spec.get("paths", {}).items():
    for method, operation in item.items():
        if not isinstance(operation, dict):
            continue
        where = f"{method.upper()} {route}"
        media_examples(f"{where} request", (operation.get("requestBody") or {}).get("content"))
        for status, response in (operation.get("responses") or {}).items():
            media_examples(f"{where} {status}", response.get("content"))
        for parameter in operation.get("parameters", []):
            if "example" in parameter and "schema" in parameter:
                check(f"{where} parameter {parameter.get('name')}", parameter["schema"], parameter["example"])

print(f"examples checked against their schemas: {checked}")
for failure in failures:
    print("FAIL", failure)
if failures:
    sys.exit(1)
if checked == 0:
    sys.exit("no examples were found: the check would prove nothing")
print("the OpenAPI document is valid and its examples match their schemas")
