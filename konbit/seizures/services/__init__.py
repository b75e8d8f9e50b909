"""Every write of seizures: ``seizures`` (seizures and items) and ``custody`` (the
append-only custody log)."""
