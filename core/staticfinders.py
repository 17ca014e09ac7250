"""Serve chosen files from node_modules (installed from the npm registry at setup) as static
files, and only those: the rest of each package never reaches STATIC_ROOT or the web."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# static path -> path under node_modules. The .map is listed because the manifest storage
# rewrites the CSS's sourceMappingURL and refuses a missing target.
NODE_FILES = {
    "vendor/bootstrap/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.min.css.map": "bootstrap/dist/css/bootstrap.min.css.map",
    # The API's documentation page (/api/v1/docs/), started by static/js/api-docs.js.
    "vendor/swagger-ui/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "vendor/swagger-ui/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "vendor/swagger-ui/swagger-ui.css.map": "swagger-ui-dist/swagger-ui.css.map",
}


class _PrefixedStorage(FileSystemStorage):
    def __init__(self, location: Path, prefix: str):
        super().__init__(location=location)
        self.prefix = prefix  # collectstatic copies files to <prefix>/<name>


class NodeModulesFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.root = Path(settings.BASE_DIR) / "node_modules"

    def _source(self, path: str) -> Path | None:
        relative = NODE_FILES.get(path)
        if relative is None:
            return None
        source = self.root / relative
        return source if source.is_file() else None

    def find(self, path: str, find_all: bool = False, **kwargs):
        source = self._source(path)
        if source is None:
            return []  # what Django's own finders answer for "not here", whatever find_all
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns):
        for path, relative in NODE_FILES.items():
            source = self.root / relative
            if source.is_file():
                prefix, name = path.rsplit("/", 1)
                yield name, _PrefixedStorage(source.parent, prefix)
