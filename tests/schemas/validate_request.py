#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Validates request bodies against a component of an official OpenAPI document.

usage: validate_request.py SPEC.json [--relax-oneof NAME[,NAME]] COMPONENT=BODY.json...

The whole document is the root schema and $ref points at the component, so every internal
reference resolves; OpenAPI-only keywords (discriminator, nullable, x-...) are unknown keywords
and ignored. --relax-oneof turns the named components' oneOf into anyOf (the Responses spec's
InputItem matches a user message with parts in two branches). Prints one line per body,
"BODY: valid" or "BODY: invalid" followed by the violations; exits 1 when any body is invalid.
"""
import json
import sys

from jsonschema import Draft202012Validator


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    args = argv[2:]
    if args[0] == "--relax-oneof":
        for name in args[1].split(","):
            schema = doc["components"]["schemas"][name]
            schema["anyOf"] = schema.pop("oneOf")
        args = args[2:]
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    failed = False
    for pair in args:
        component, body_path = pair.split("=", 1)
        doc["$ref"] = "#/components/schemas/" + component
        with open(body_path, encoding="utf-8") as f:
            body = json.load(f)
        errors = list(Draft202012Validator(doc).iter_errors(body))
        print(f"{body_path}: {'invalid' if errors else 'valid'}")
        for error in errors[:10]:
            where = "/".join(map(str, error.absolute_path)) or "<root>"
            print(f"  {where}: {error.message[:300]}")
        failed = failed or bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
