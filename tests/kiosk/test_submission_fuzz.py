"""Hostile submissions to the tablet API: every malformed body is refused with a 4xx and a JSON
error saying why, and nothing is written. Runs on SQLite and PostgreSQL (through ``app``)."""
from __future__ import annotations

import io
import itertools
import json
import re
import uuid
from dataclasses import dataclass

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select

from survey.domain.goals import goal_questionnaire
from survey.domain.instruments import Questionnaire
from survey.domain.vocabulary import AGE_GROUPS, GENDERS
from survey.models import Answer, Goal, Response
from survey.operations.payload import FIELDS, MAX_BODY

API = "/kiosk/api/responses"
UIDS = itertools.count(1)
JSON = "application/json"
ODD = ("\x00", "\ud800", "\udfff", "\u202e", "\u200b", "\ufeff", "\u0301", "\u0665", "\U0001d7d3",
       "\U0010ffff", "\u0130")
text = st.text(st.characters() | st.sampled_from(ODD), max_size=24)
numbers = st.integers() | st.floats() | st.sampled_from([10**400, -(10**400), 2**64, 10.05, 5e-324])
scalars = st.none() | st.booleans() | numbers | text
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(text, inner, max_size=3), max_leaves=6)
# Not JSON, or not numbers JSON has: each replaces an answer in an otherwise good body.
LITERALS = ("NaN", "Infinity", "-Infinity", "1e999", "-1e400", "1" + "0" * 5000, "+5", "05", ".5",
            "5.", "0x10", "True", "None", "undefined", "'yes'")
NOT_JSON = ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/xml", "text/json", "application/jsonp")
# Near misses for a visual-analogue item (0-10, or the same as a plain decimal string).
NOT_MARKS = (True, False, -1, 11, 10.05, -0.01, 10**400, -(10**400), "10.5", "11", "-1", " 5", "5 ",
             "\u0665", "\U0001d7d3", "1e1", "inf", "nan", "Infinity", "5,5", "0x5", "1_0", "5\x00")


def fuzz(examples: int):
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@dataclass(frozen=True)
class Target:
    """A questionnaire opened on a tablet: its ticket, and a body that it stores."""

    ticket: str
    questionnaire: Questionnaire

    def body(self, uid: str) -> dict:
        answers = {item.key: scale.option_keys[0] if (scale := self.questionnaire.scale_of(item))
                   else 5 for item in self.questionnaire.items}
        return {"ticket": self.ticket, "uid": uid, "language": "sv", "gender": "woman",
                "age_group": "30-49", "answers": answers}


@pytest.fixture
def targets(app, db, org, housing_round, annas, sign_ticket):
    """The housing survey of a round, the outcome and alliance instruments of a session, goal
    ratings at a follow-up, and tickets this app signed for what does not exist or fit."""
    catalogue = app.extensions["survey_catalogue"]
    goal = db.get(Goal, annas["goal_id"])
    goals = goal_questionnaire(catalogue.get("goal-rating", 1), [(goal.id, goal.wording)])
    home, north, south = (org["units"][name].id for name in ("home", "north", "south"))
    session_id, follow_up_id = annas["session_id"], annas["follow_up_id"]
    round_place = {"unit_id": home, "round_id": housing_round.id}
    session_place = {"unit_id": north, "session_id": session_id}
    sign = sign_ticket

    good = [Target(sign("ux-housing", **round_place), catalogue.get("ux-housing", 1)),
            Target(sign("outcome-adult", **session_place), catalogue.get("outcome-adult", 1)),
            Target(sign("alliance-adult", **session_place), catalogue.get("alliance-adult", 1)),
            Target(sign("goal-rating", unit_id=north, follow_up_id=follow_up_id), goals)]
    unfit = [sign("nope", **round_place), sign("ux-housing", 9, **round_place),
             sign("ux-housing", unit_id=north, round_id=housing_round.id),
             sign("outcome-adult", **round_place),
             sign("ux-housing", unit_id=home, round_id=10**6),
             sign("outcome-adult", unit_id=north, session_id=10**6),
             sign("outcome-adult", unit_id=south, session_id=session_id),
             sign("goal-rating", unit_id=south, follow_up_id=follow_up_id),
             sign("goal-rating", unit_id=north, follow_up_id=10**6),
             sign("ux-housing", mode="robot", **round_place),
             sign("outcome-adult", rater="robot", **session_place),
             URLSafeSerializer(app.config["SECRET_KEY"], salt="kiosk-ticket").dumps({"unit_id": 1})]
    return {"good": good, "unfit": unfit}


@pytest.fixture
def schema(client):
    """The request schema of the API's own document."""
    components = client.get("/kiosk/api/openapi.json").json["components"]
    return jsonschema.Draft202012Validator(
        {"$ref": "#/components/schemas/Submission", "components": components})


def good_bodies(targets) -> st.SearchStrategy[tuple[Target, dict]]:
    """A target and a body it stores, with a uid never sent before (a stored uid would answer
    any later body with it as a resend)."""
    return st.sampled_from(targets["good"]).map(
        lambda target: (target, target.body(str(uuid.UUID(int=next(UIDS), version=4)))))


def _rows(app) -> tuple[int, int]:
    with app.extensions["survey_engine"].connect() as connection:
        return tuple(connection.execute(select(
            select(func.count()).select_from(Response).scalar_subquery(),
            select(func.count()).select_from(Answer).scalar_subquery())).one())


def _refused(app, client, raw: bytes, content_type: str = JSON, chunked: bool = False) -> int:
    """Post ``raw``; check it is refused with a reason in JSON and writes nothing. Its status."""
    before = _rows(app)
    if chunked:  # no Content-Length: the server ends the stream (as waitress does)
        answer = client.post(API, input_stream=io.BytesIO(raw), content_type=content_type,
                             environ_overrides={"wsgi.input_terminated": True})
    else:
        answer = client.post(API, data=raw, content_type=content_type)
    assert 400 <= answer.status_code < 500, (answer.status_code, raw[:300])
    assert answer.mimetype == JSON, (answer.status_code, answer.data[:300])
    error = answer.get_json().get("error")
    assert isinstance(error, str) and error.strip(), answer.data[:300]
    assert _rows(app) == before
    return answer.status_code


def _encode(body, ascii_only: bool = True) -> bytes:
    """JSON bytes; with ``ascii_only`` off a lone surrogate becomes invalid UTF-8."""
    return json.dumps(body, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def _with_literal(body: dict, literal: str) -> bytes:
    key = next(iter(body["answers"]))
    marked = body | {"answers": body["answers"] | {key: "@literal@"}}
    return json.dumps(marked).replace('"@literal@"', literal).encode()


def _takes(questionnaire: Questionnaire, key: str, value: object) -> bool:
    """The test's own reading of which answers an item takes."""
    if value is None or value == "":
        return questionnaire.allow_skip
    scale = questionnaire.scale_of(questionnaire.items_by_key[key])
    if scale is not None:
        return isinstance(value, str) and value in scale.option_keys
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,6})?", value):
        value = float(value)
    return type(value) in (int, float) and 0 <= value <= 10


def _field_takes(target: Target, name: str, value: object) -> bool:
    return {"uid": lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-fA-F-]{36}", v),
            "ticket": lambda v: v == target.ticket,
            "language": lambda v: v is None or v in target.questionnaire.languages,
            "gender": lambda v: v is None or v in GENDERS,
            "age_group": lambda v: v is None or v in AGE_GROUPS,
            "answers": lambda v: isinstance(v, dict)}[name](value)


def test_the_fuzz_starts_from_bodies_that_are_stored(app, client, targets, schema):
    for target in targets["good"]:
        body = target.body(str(uuid.uuid4()))
        assert schema.is_valid(body)
        assert client.post(API, json=body).status_code == 201
    # Sent without Content-Length, a body is read too (so the fuzz's 413 for such is the limit).
    survey = targets["good"][0].body(str(uuid.uuid4()))
    chunked = client.post(API, input_stream=io.BytesIO(_encode(survey)), content_type=JSON,
                          environ_overrides={"wsgi.input_terminated": True})
    assert chunked.status_code == 201, chunked.json
    assert _rows(app)[0] == len(targets["good"]) + 1


def test_bodies_that_are_not_json_objects_are_refused(app, client, targets):
    seen = set()

    @fuzz(300)
    @given(st.data())
    def run(data):
        _, body = data.draw(good_bodies(targets))
        text_body = json.dumps(body)
        raw, content_type = data.draw(st.one_of(
            values.filter(lambda v: not isinstance(v, dict)).map(lambda v: (_encode(v), JSON)),
            st.binary(max_size=200).map(lambda raw: (raw, JSON)),
            st.integers(0, len(text_body) - 1).map(lambda i: (text_body[:i].encode(), JSON)),
            st.sampled_from(LITERALS).map(lambda literal: (_with_literal(body, literal), JSON)),
            st.sampled_from(["utf-16", "utf-32", "utf-8-sig"]).map(
                lambda encoding: (text_body.encode(encoding), JSON)),
            st.sampled_from(NOT_JSON).map(lambda other: (text_body.encode(), other)),
        ))
        seen.add(_refused(app, client, raw, content_type))

    run()
    assert {400, 415} <= seen


@st.composite
def bad_fields(draw, targets) -> tuple[dict, bool]:
    """A body with a field missing, unknown, of the wrong type or value; and whether the
    document's schema alone refuses it."""
    target, body = draw(good_bodies(targets))
    kind = draw(st.sampled_from(["missing", "unknown", "type", "value"]))
    if kind == "missing":
        del body[draw(st.sampled_from(["uid", "ticket", "answers"]))]
        return body, True
    if kind == "unknown":
        body[draw(text.filter(lambda name: name not in FIELDS))] = draw(values)
        return body, True
    name = draw(st.sampled_from(FIELDS))
    if kind == "type":
        body[name] = draw(values.filter(
            lambda v: not isinstance(v, str) and not _field_takes(target, name, v)))
        return body, True
    uid = body["uid"]  # near misses: forms uuid.UUID() takes, and a uid with something more
    near = st.sampled_from([f"{{{uid}}}", f"urn:uuid:{uid}", uid.replace("-", ""), uid + "\n",
                            " " + uid, uid + "\x00"])
    body[name] = draw((near | text if name == "uid" else text).filter(
        lambda v: not _field_takes(target, name, v)))
    return body, name in ("uid", "gender", "age_group", "answers")


def test_fields_of_the_wrong_type_or_value_are_refused(app, client, targets, schema):
    seen = set()

    @fuzz(500)
    @given(st.data())
    def run(data):
        body, schema_refuses = data.draw(bad_fields(targets))
        seen.add(_refused(app, client, _encode(body, data.draw(st.booleans()))))
        assert not (schema_refuses and schema.is_valid(body)), body

    run()
    assert {400, 403, 422} <= seen


@st.composite
def bad_answers(draw, targets) -> dict:
    """A body whose answers the questionnaire cannot take."""
    target, body = draw(good_bodies(targets))
    q = target.questionnaire
    answers = body["answers"]
    kind = draw(st.sampled_from(["unknown", "many", "value", "value"]
                                + ([] if q.allow_skip else ["skipped"])))
    if kind == "unknown":
        for key in draw(st.lists(text.filter(lambda k: k not in q.items_by_key), min_size=1,
                                 max_size=4)):
            answers[key] = draw(values)
    elif kind == "many":
        answers |= {f"no-such-item-{i}": "yes" for i in range(draw(st.integers(4, 3000)))}
    elif kind == "skipped":
        key = draw(st.sampled_from(list(answers)))
        if draw(st.booleans()):
            del answers[key]
        else:
            answers[key] = draw(st.sampled_from([None, ""]))
    else:
        item = draw(st.sampled_from(q.items))
        scale = q.scale_of(item)
        near = ([k for s in q.scales.values() for k in s.option_keys]
                + [k.upper() for k in scale.option_keys] + [k + "\x00" for k in scale.option_keys]
                if scale else list(NOT_MARKS))
        answers[item.key] = draw((st.sampled_from(near) | scalars | st.floats(10.0001) | st.floats(
            max_value=-0.0001) | values).filter(lambda v: not _takes(q, item.key, v)))
    return body


def test_answers_the_questionnaire_cannot_take_are_refused(app, client, targets):
    seen = set()

    @fuzz(700)
    @given(st.data())
    def run(data):
        body = data.draw(bad_answers(targets))
        seen.add(_refused(app, client, _encode(body, data.draw(st.booleans()))))

    run()
    assert {400, 422} <= seen


def test_tickets_that_do_not_fit_are_refused(app, client, targets):
    seen = set()

    @fuzz(200)
    @given(st.data())
    def run(data):
        target, body = data.draw(good_bodies(targets))
        signed_part = target.ticket.rindex(".")  # its last part (the signature) left alone
        tampered = st.tuples(st.integers(0, signed_part - 1), st.characters()).map(
            lambda change: target.ticket[:change[0]] + change[1] + target.ticket[change[0] + 1:])
        ticket = data.draw((st.sampled_from(targets["unfit"]) | text | tampered).filter(
            lambda t: t != target.ticket))
        seen.add(_refused(app, client, _encode(body | {"ticket": ticket})))

    run()
    assert {403, 422} <= seen


def test_huge_and_deeply_nested_bodies_are_refused(app, client, targets):
    seen = set()

    @fuzz(200)
    @given(st.data())
    def run(data):
        _, body = data.draw(good_bodies(targets))
        kind = data.draw(st.sampled_from(["over", "under", "deep"]))
        chunked = data.draw(st.booleans())
        if kind == "over":  # 413 whether or not the size is announced
            size = data.draw(st.integers(MAX_BODY + 1, 3 * MAX_BODY))
            raw = _encode(body | {"uid": "0" * size})
        elif kind == "under":  # long values under the limit
            field = data.draw(st.sampled_from(["uid", "ticket", "gender", "language", "answers"]))
            long = data.draw(st.sampled_from(ODD + ("a", "7"))) * (MAX_BODY // 16)
            raw = _encode(body | {field: {long: 5} if field == "answers" else long})
        else:
            opener, closer = data.draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
            depth = data.draw(st.integers(50, (MAX_BODY - 1000) // len(opener + closer)))
            nested = opener * depth + "0" + closer * depth
            raw = (nested.encode() if data.draw(st.booleans())
                   else _with_literal(body, nested))
        seen.add(_refused(app, client, raw, chunked=chunked))

    run()
    assert {400, 403, 413, 422} <= seen
