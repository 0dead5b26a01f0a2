"""How the variable form reads: a short name and value codes made from the words a person
wrote, rows in the order of their numbers, empty rows left out."""
from __future__ import annotations

from survey.web.variable_pages import key_from, spec_from_form


def test_a_short_name_is_made_from_the_name_in_the_first_staff_language_given():
    assert key_from({"en": "Debts", "sv": "Skuldsättning hos Kronofogden"}) == "skuldsattning_hos_kronofogden"
    assert key_from({"fi": "3 lasta"}) == "v_3_lasta"
    assert key_from({}) == ""


def test_value_codes_are_made_from_labels_and_never_take_a_code_already_used():
    form = {"kind": "choice", "phase": "end", "name-sv": "Boende",
            "option-0-label-sv": "Eget boende", "option-0-position": "3",
            "option-1-label-en": "Own home", "option-1-position": "1",
            "option-2-code": "tent", "option-2-label-sv": "Tält", "option-2-position": "2",
            "option-3-code": "gone", "option-3-position": "4"}
    spec = spec_from_form(form, "", used_codes={"own-home"})
    assert spec.key == "boende" and spec.names == {"sv": "Boende"} and spec.help == {}
    # In the order of their numbers; the row without a label left out.
    assert [(o.code, dict(o.labels)) for o in spec.options] == [
        ("own-home-2", {"en": "Own home"}), ("tent", {"sv": "Tält"}), ("eget-boende", {"sv": "Eget boende"})]
    assert spec_from_form(form | {"kind": "count"}, "rooms", set()).options == ()
