"""The audit trail's append-only triggers, written once for the migrations that
install them and the SQLite backend's flush (``core.sqlite``)."""

AUDIT_TABLE = "core_auditentry"

SQLITE_NO_DELETE = f"""
CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON {AUDIT_TABLE}
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""

SQLITE_DROP_NO_DELETE = "DROP TRIGGER IF EXISTS core_auditentry_no_delete"
