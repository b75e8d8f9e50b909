"""The API's JSON parser: DRF's, bounded (see ``JSONParser``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser as DRFJSONParser


class JSONParser(DRFJSONParser):
    """DRF's JSON parser, bounded: a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``
    is refused before it is read (413), and one nested too deeply for the decoder is
    a 400 like any malformed body, not a server error."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        if limit is not None and length and str(length).isdigit() and int(length) > limit:
            raise RequestDataTooBig
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                _("JSON parse error - the body is nested too deeply.")
            ) from None
