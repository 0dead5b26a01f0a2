"""Staff accounts: the one password policy, and ending an account's sessions."""
from __future__ import annotations

import pytest

from survey.operations import StaffError, end_sessions, validate_new_password
from survey.operations.staff import COMMON_PASSWORDS


@pytest.mark.parametrize("weak, reason, params", [
    ("a", "password-too-short", {"min": 12}), ("short", "password-too-short", {"min": 12}),
    ("x" * 201, "password-too-long", {"max": 200}),
    ("aaaaaaaaaaaa", "password-too-uniform", {"min": 5}),
    ("abababababab", "password-too-uniform", {"min": 5}),
    ("qwertyuiop1234", "password-common", {}), ("QWERTY123456", "password-common", {}),
    ("superman2024!", "password-common", {}), ("1q2w3e4r5t6y", "password-common", {})])
def test_weak_passwords_are_refused_with_a_reason(weak, reason, params):
    with pytest.raises(StaffError) as refused:
        validate_new_password(weak)
    assert (refused.value.code, refused.value.params) == (reason, params)


@pytest.mark.parametrize("good", ["correct horse battery", "Tåget går 07.42 från Umeå",
                                  "hundra-gula-ballonger"])
def test_long_uncommon_passwords_are_accepted(good):
    validate_new_password(good)


def test_the_shipped_list_is_large_and_in_the_package():
    from survey.operations.staff import _common_passwords

    assert COMMON_PASSWORDS.parent.name == "operations" and COMMON_PASSWORDS.is_file()
    assert len(_common_passwords()) > 19_000 and "password" in _common_passwords()


def test_ending_sessions_moves_the_account_to_a_new_version(db, org):
    anna = org["staff"]["anna"]
    before = anna.session_version
    end_sessions(db, anna)
    db.commit()
    db.expire_all()
    assert anna.session_version == before + 1
