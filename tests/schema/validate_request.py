#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Checks a request body against a component of an official OpenAPI spec (jsonschema, draft
# 2020-12; OpenAPI-only keywords such as discriminator are ignored as unknown).
# usage: validate_request.py SPEC.json COMPONENT BODY.json [--relax-oneof NAME[,NAME]]
# --relax-oneof: the Responses spec's InputItem is a oneOf that a user message with array
# content matches twice (EasyInputMessage and InputMessage); it is read as anyOf.
import json
import sys

from jsonschema import Draft202012Validator

spec_path, component, body_path = sys.argv[1:4]
with open(spec_path, encoding="utf-8") as f:
    doc = json.load(f)
if "--relax-oneof" in sys.argv:
    for name in sys.argv[sys.argv.index("--relax-oneof") + 1].split(","):
        schema = doc["components"]["schemas"][name]
        schema["anyOf"] = schema.pop("oneOf")
doc["$ref"] = "#/components/schemas/" + component
doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
with open(body_path, encoding="utf-8") as f:
    body = json.load(f)
errors = list(Draft202012Validator(doc).iter_errors(body))
for e in errors[:10]:
    print("/".join(map(str, e.absolute_path)) or "<root>", "->", e.message[:300])
sys.exit(1 if errors else 0)
