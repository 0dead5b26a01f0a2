"""The disclosure rule on small hand-made tables: too few, the complement a sum forces, chains."""
from __future__ import annotations

from survey.domain.disclosure import COMPLEMENT, FEW, hiding_pattern


def test_a_small_group_hides_its_smallest_sibling_and_nothing_else():
    sizes = {"org": 20, "a": 3, "b": 5, "c": 12}
    assert hiding_pattern(sizes, [("org", ["a", "b", "c"])], 5) == {"a": FEW, "b": COMPLEMENT}


def test_two_hidden_groups_that_together_are_too_few_take_a_third():
    sizes = {"org": 20, "a": 2, "b": 2, "c": 6, "d": 10}
    # a + b = 4 could be worked out and is a group under 5: c goes too.
    assert hiding_pattern(sizes, [("org", ["a", "b", "c", "d"])], 5) == {
        "a": FEW, "b": FEW, "c": COMPLEMENT}


def test_hiding_one_cell_forces_another_in_a_chain():
    # Rows (unit) and columns (gender) of a cross-table, with row and column totals.
    sizes = {("u1", "w"): 2, ("u1", "m"): 6, ("u1", "all"): 8,
             ("u2", "w"): 7, ("u2", "m"): 9, ("u2", "all"): 16,
             ("org", "w"): 9, ("org", "m"): 15, ("org", "all"): 24}
    relations = [((u, "all"), [(u, "w"), (u, "m")]) for u in ("u1", "u2", "org")]
    relations += [(("org", g), [("u1", g), ("u2", g)]) for g in ("w", "m", "all")]
    hidden = hiding_pattern(sizes, relations, 5)
    # u1/w is small → u1/m (its row) → u2/w (its column) → u2/m (u2's row) → every sum
    # has two hidden cells; the totals stay.
    assert hidden == {("u1", "w"): FEW, ("u1", "m"): COMPLEMENT, ("u2", "w"): COMPLEMENT,
                      ("u2", "m"): COMPLEMENT}
    for whole, parts in relations:
        assert sum(m in hidden for m in (whole, *parts)) != 1


def test_empty_groups_are_shown_and_a_viewer_who_may_open_every_record_sees_all():
    sizes = {"org": 3, "a": 3, "b": 0}
    assert hiding_pattern(sizes, [("org", ["a", "b"])], 5) == {"org": FEW, "a": FEW}
    assert hiding_pattern(sizes, [("org", ["a", "b"])], 5, exact=True) == {}


def test_a_question_few_answered_is_hidden_as_too_few_with_its_complement():
    sizes = {"org": 30, "a": 10, "b": 10, "c": 10}
    assert hiding_pattern(sizes, [("org", ["a", "b", "c"])], 5, too_few=["a"]) == {
        "a": FEW, "b": COMPLEMENT}


def test_settled_groups_stay_as_an_earlier_pattern_left_them():
    # "row" = a + b + c, settled elsewhere: shown (locked) and "c" hidden there (given); a and
    # c together hold 3, so b hides too.
    sizes = {"row": 12, "a": 3, "b": 9, "c": 0}
    relations = [("row", ["a", "b", "c"])]
    assert hiding_pattern(sizes, relations, 5, given={"c": COMPLEMENT}, locked={"row"}) == {
        "a": FEW, "b": COMPLEMENT, "c": COMPLEMENT}
    # Nothing left to hide but the locked whole: an empty part hides, so the rest stays unknown.
    assert hiding_pattern({"row": 9, "a": 3, "b": 6, "c": 0}, relations, 5,
                          locked={"row", "b"}) == {"a": FEW, "c": COMPLEMENT}
    # A locked group is shown however small: the viewer sees it exactly elsewhere.
    assert hiding_pattern({"row": 9, "a": 3, "b": 6}, [("row", ["a", "b"])], 5, locked={"a"}) == {}
