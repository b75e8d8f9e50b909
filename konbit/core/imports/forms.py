from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from konbit.core.imports import pipeline
from konbit.core.imports.base import Importer


class UploadForm(forms.Form):
    """The file, checked for its type and size before it is stored."""

    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, importer: Importer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.importer = importer
        self.fields["file"].help_text = _("%(types)s, at most %(max)s MB") % {
            "types": ", ".join(importer.extensions),
            "max": pipeline.max_bytes() // (1024 * 1024),
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        problem = pipeline.file_problem(self.importer, upload.name, upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class ConfirmForm(forms.Form):
    skip_invalid = forms.BooleanField(required=False)
