"""Who may do what in training (DESIGN.md "Who sees what"; issue 14, item 4).

HQ staff and the HNP liaison (and the mission administrator) run training: they read
and write everything. A contingent commander reads. The analyst gets the figures
only: programmes, cohorts, sessions and assessments carry no person, and the
enrolment figures (``training.view_figures``) are counts; never a cadet's identity,
never a trainer's name. Oversight has no part in training.
"""

from konbit.accounts import roles

_MODELS = [
    "programme",
    "cohort",
    "trainee",
    "enrolment",
    "trainingsession",
    "attendance",
    "assessment",
    "assessmentresult",
]
_READ = [f"training.view_{m}" for m in _MODELS] + ["training.view_figures"]
_WRITE = [f"training.{verb}_{m}" for m in _MODELS for verb in ("add", "change", "delete")] + [
    "training.import_results"
]
_FIGURES = [
    "training.view_programme",
    "training.view_cohort",
    "training.view_trainingsession",
    "training.view_assessment",
    "training.view_figures",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.MISSION_ADMIN: _READ + _WRITE,
    roles.HQ_STAFF: _READ + _WRITE,
    roles.HNP_LIAISON: _READ + _WRITE,
    roles.CONTINGENT_COMMANDER: _READ,
    roles.ANALYST: _FIGURES,
}
