"""Django's SQLite backend, with the audit trail's append-only rule kept through a
flush (see ``base``)."""
