"""The OpenAPI document of the tablet API, built from the constants its checks use."""
from __future__ import annotations

from pydantic import TypeAdapter

from survey.domain.instruments.answers import DECIMAL_PATTERN, VisualAnalogueAnswer
from survey.domain.instruments.model import Key, Language
from survey.domain.vocabulary import AGE_GROUPS, GENDERS
from survey.operations.payload import MAX_BODY
from survey.operations.responses import UID_PATTERN

_ERRORS = {
    "400": "The body is not a JSON object of the fields below with their types (also: invalid "
           "JSON, NaN or Infinity, nesting too deep, an unknown field).",
    "403": "The ticket is missing or was not signed by this server.",
    "409": "The session already has a response to this questionnaire, or the uid is another "
           "response's.",
    "413": f"The body is over {MAX_BODY} bytes (with or without Content-Length).",
    "415": "The body is not sent as application/json.",
    "422": "A value the questionnaire, round or session cannot take; the message names every "
           "bad item.",
    "429": "The ticket or the address stored too many new responses in a short while; nothing "
           "was stored. Send it again after Retry-After seconds (a resend of a stored uid is "
           "never refused).",
}


def _schemas() -> dict:
    key = TypeAdapter(Key).json_schema()
    mark = {"minimum": VisualAnalogueAnswer.MIN, "maximum": VisualAnalogueAnswer.MAX}
    return {
        "Submission": {
            "type": "object", "additionalProperties": False,
            "required": ["uid", "ticket", "answers"],
            "properties": {
                "uid": {"type": "string", "format": "uuid", "pattern": UID_PATTERN,
                        "minLength": 36, "maxLength": 36,
                        "description": "Made by the tablet; a resend with it is stored once."},
                "ticket": {"type": "string", "minLength": 1,
                           "description": "The signed ticket of the hand-over (in its URL)."},
                "language": {"anyOf": [TypeAdapter(Language).json_schema(), {"type": "null"}],
                             "description": "One of the questionnaire's languages; null: "
                                            "the ticket's."},
                "gender": {"enum": [*GENDERS, None]},
                "age_group": {"enum": [*AGE_GROUPS, None],
                              "description": "One of the questionnaire's own age groups (an "
                                             "adult survey asks adult groups only); others "
                                             "get a 422."},
                "answers": {"type": "object", "propertyNames": key,
                            "additionalProperties": {"$ref": "#/components/schemas/Answer"},
                            "description": "Item key to answer; an item left out was not "
                                           "answered."},
            },
        },
        "Answer": {"anyOf": [
            key | {"description": "An option key of a choice item."},
            {"type": "number", **mark, "description": "A mark on a visual-analogue line."},
            {"type": "string", "pattern": DECIMAL_PATTERN,
             "description": "The same mark written as a decimal, e.g. \"6.5\"."},
            {"enum": ["", None], "description": "Not answered."},
        ]},
        "Stored": {
            "type": "object", "required": ["uid", "stored", "duplicate"],
            "properties": {"uid": {"type": "string"}, "stored": {"const": True},
                           "duplicate": {"type": "boolean"}},
        },
        "Error": {"type": "object", "required": ["error", "code"],
                  "properties": {"error": {"type": "string", "minLength": 1},
                                 "code": {"enum": ["invalid", "conflict", "ticket",
                                                   "malformed", "server"]}}},
    }


def _answer(description: str, schema: str) -> dict:
    return {"description": description, "content": {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def document(submit_path: str) -> dict:
    """The OpenAPI 3.1 document, with the submission at ``submit_path``."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Survey tablet API", "version": "1",
                 "description": "How a tablet sends a client's answers. Every error, also "
                                "404 and 405 on this path, is JSON: {\"error\": \"...\", \"code\": \"...\"}; "
                                "the code names the words the tablet shows the client."},
        "paths": {submit_path: {"post": {
            "operationId": "submitResponse",
            "summary": "Store a client's response once per uid",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Submission"}}}},
            "responses": {
                "200": _answer("Stored before: a resend.", "Stored"),
                "201": _answer("Stored.", "Stored"),
                **{code: _answer(text, "Error") for code, text in _ERRORS.items()},
            },
        }}},
        "components": {"schemas": _schemas()},
    }
