"""An organisation's units and staff in a spreadsheet (one row each): read, check every cell,
report every problem with row and column. No Flask and no database: the caller passes what the
database already holds, and stores nothing unless the problem list is empty.

Units: ``name``, ``kind``, ``parent`` (empty at the top of the tree; a unit already stored or one
in the same file). Staff: ``username``, ``name``, ``role``, ``units`` (names separated by ``;``),
optionally ``raw_data_access`` (ja/nej) and ``language`` (a staff language's code; empty: the
organisation's default). Staff get no password from a file: they sign in through
the identity provider, or an admin gives them a one-time reset code.
"""
from __future__ import annotations

from dataclasses import dataclass

from survey.domain.spreadsheet import CellError, ImportProblem, norm, read_cells
from survey.domain.vocabulary import STAFF_LANGUAGES, UNIT_KINDS

UNIT_COLUMNS = ("name", "kind", "parent")
STAFF_COLUMNS = ("username", "name", "role", "units")
ROLES = ("admin", "coordinator", "therapist", "reviewer")
_YES = {"ja": True, "yes": True, "1": True, "nej": False, "no": False, "0": False, "": False}


@dataclass(frozen=True)
class UnitRow:
    row: int
    name: str
    kind: str
    parent: str | None  # a unit's name


@dataclass(frozen=True)
class StaffRow:
    row: int
    username: str
    display_name: str
    role: str
    units: tuple[str, ...]
    raw_data_access: bool
    language: str | None = None


def _table(content: bytes, filename: str, required: tuple[str, ...],
           problems: list[ImportProblem]) -> list[tuple[int, dict[str, str]]]:
    """The rows (numbered as the spreadsheet shows them) as column → stripped text."""
    try:
        cells = read_cells(content, filename)
    except CellError as error:
        problems.append(ImportProblem(None, None, error.code, error.params))
        return []
    if not cells:
        problems.append(ImportProblem(None, None, "file-empty"))
        return []
    header = [norm(cell) for cell in cells[0]]
    for column in required:
        if column not in header:
            problems.append(ImportProblem(1, column, "missing-column"))
    if problems:
        return []
    return [(number, {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)})
            for number, row in enumerate(cells[1:], start=2) if any(cell.strip() for cell in row)]


def parse_units(content: bytes, filename: str, existing: set[str]) -> tuple[list[UnitRow], list[ImportProblem]]:
    """Units in tree order (a parent before its children). ``existing``: names already stored."""
    problems: list[ImportProblem] = []
    rows: list[UnitRow] = []
    seen: dict[str, int] = {}
    for number, cells in _table(content, filename, UNIT_COLUMNS, problems):
        name, kind, parent = cells["name"], norm(cells["kind"]), cells["parent"] or None
        if not name:
            problems.append(ImportProblem(number, "name", "name-missing"))
        elif len(name) > 120:
            problems.append(ImportProblem(number, "name", "unit-name-too-long"))
        elif name in existing:
            problems.append(ImportProblem(number, "name", "unit-exists", {"name": name}))
        elif name in seen:
            problems.append(ImportProblem(number, "name", "unit-repeated", {"name": name, "row": seen[name]}))
        else:
            seen[name] = number
        if kind not in UNIT_KINDS:
            problems.append(ImportProblem(number, "kind", "kind-unknown",
                                       {"kind": cells["kind"], "allowed": ", ".join(UNIT_KINDS)}))
        rows.append(UnitRow(number, name, kind, parent))
    in_file = {row.name: row for row in rows}
    for row in rows:
        if row.parent is None or row.parent in existing:
            continue
        if row.parent not in in_file:
            problems.append(ImportProblem(row.row, "parent", "parent-missing", {"name": row.parent}))
            continue
        chain, node = {row.name}, in_file[row.parent]
        while node.parent in in_file and node.name not in chain:
            chain.add(node.name)
            node = in_file[node.parent]
        if node.name in chain:
            problems.append(ImportProblem(row.row, "parent", "units-in-a-ring"))
    return (_tree_order(rows, existing) if not problems else []), problems


def _tree_order(rows: list[UnitRow], existing: set[str]) -> list[UnitRow]:
    placed, ordered, pending = set(existing), [], list(rows)
    while pending:
        ready = [row for row in pending if row.parent is None or row.parent in placed]
        ordered += ready
        placed |= {row.name for row in ready}
        pending = [row for row in pending if row not in ready]
    return ordered


def parse_staff(content: bytes, filename: str, units: set[str],
                usernames: set[str]) -> tuple[list[StaffRow], list[ImportProblem]]:
    """Staff rows; ``units`` and ``usernames`` are what the database already holds."""
    problems: list[ImportProblem] = []
    rows: list[StaffRow] = []
    seen: dict[str, int] = {}
    for number, cells in _table(content, filename, STAFF_COLUMNS, problems):
        username, role = cells["username"], norm(cells["role"])
        if not username:
            problems.append(ImportProblem(number, "username", "username-missing"))
        elif len(username) > 80 or any(c.isspace() for c in username):
            problems.append(ImportProblem(number, "username", "username-malformed"))
        elif username in usernames:
            problems.append(ImportProblem(number, "username", "user-exists", {"username": username}))
        elif username in seen:
            problems.append(ImportProblem(number, "username", "user-repeated",
                                       {"username": username, "row": seen[username]}))
        else:
            seen[username] = number
        if role not in ROLES:
            problems.append(ImportProblem(number, "role", "role-unknown",
                                       {"role": cells["role"], "allowed": ", ".join(ROLES)}))
        names = tuple(name.strip() for name in cells["units"].split(";") if name.strip())
        unknown = [name for name in names if name not in units]
        if unknown:
            problems.append(ImportProblem(number, "units", "units-unknown", {"units": ", ".join(unknown)}))
        raw = norm(cells.get("raw_data_access", ""))
        if raw not in _YES:
            problems.append(ImportProblem(number, "raw_data_access", "yes-or-no"))
        language = norm(cells.get("language", "")) or None
        if language not in (None, *STAFF_LANGUAGES):
            problems.append(ImportProblem(number, "language", "language-unknown",
                                       {"language": cells["language"],
                                        "allowed": ", ".join(STAFF_LANGUAGES)}))
        rows.append(StaffRow(number, username, cells["name"] or username, role, names, _YES.get(raw, False),
                             language))
    return (rows if not problems else []), problems
