"""The audit trail: every view, export and change of client data."""
from __future__ import annotations

from sqlalchemy.orm import Session

from survey.models import AuditEvent, StaffUser


def audit(db: Session, staff: StaffUser | None, action: str, object_type: str,
          object_id: int | None, detail: str = "") -> None:
    """Record that someone viewed, exported or changed something."""
    db.add(AuditEvent(staff_id=staff.id if staff else None, action=action,
                      object_type=object_type, object_id=object_id, detail=detail[:400]))
    db.flush()
