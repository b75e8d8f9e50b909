"""One import pipeline for every importer: see ``pipeline`` for how a run flows and
``base`` for what an importer supplies."""
