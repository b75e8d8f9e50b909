"""Every part's pages and API are found by convention: ``<app>/urls.py`` is included
at the site root and ``<app>/api.py``'s ``urlpatterns`` under ``/api/v1/``."""

from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from konbit.core.health import healthz
from konbit.core.parts import konbit_apps, part_module
from konbit.core.policies import OPEN, guarded
from konbit.core.views import favicon

api_patterns: list[URLPattern | URLResolver] = [
    path("schema/", guarded(OPEN)(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        guarded(OPEN)(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
]
page_patterns: list[URLPattern | URLResolver] = []
for config in konbit_apps():
    api = part_module(config, "api")
    if api is not None and hasattr(api, "urlpatterns"):
        api_patterns.append(path("", include(api.urlpatterns)))
    pages = part_module(config, "urls")
    if pages is not None:
        page_patterns.append(path("", include(pages)))

urlpatterns = [
    re_path(r"^healthz/?$", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
    path("api/v1/", include((api_patterns, "api"), namespace="api")),
    path("i18n/setlang/", guarded(OPEN)(set_language), name="set_language"),
    path("jsi18n/", guarded(OPEN)(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    *page_patterns,
]

handler403 = "konbit.core.errors.forbidden"
handler404 = "konbit.core.errors.not_found"
handler500 = "konbit.core.errors.server_error"
