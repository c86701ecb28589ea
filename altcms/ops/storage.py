"""Where uploaded files are stored: Django's file system storage, or django-storages' S3, with
one change: a document is stored under a folder nobody can guess.

Wagtail stores a document as `documents/<the uploader's file name>`. Documents are only ever
served through Wagtail's document view, which checks the collection's view restrictions
(WAGTAILDOCS_SERVE_METHOD = "serve_view"), and altcms.http.views.media refuses `documents/`; the
random folder also keeps a private file private where the storage itself is reachable (a public
bucket, a web server pointed at MEDIA_ROOT). The file keeps its own name, so a download is
still called what the uploader called it.
"""

import posixpath
import secrets

from django.core.files import storage

PRIVATE_PREFIXES = ("documents/",)


def unguessable(name):
    """`documents/report.pdf` → `documents/<22 random characters>/report.pdf`."""
    if not name.startswith(PRIVATE_PREFIXES):
        return name
    folder, filename = posixpath.split(name)
    return posixpath.join(folder, secrets.token_urlsafe(16), filename)


class UnguessableDocumentsMixin:
    def generate_filename(self, filename):
        return super().generate_filename(unguessable(filename.replace("\\", "/")))


class FileSystemStorage(UnguessableDocumentsMixin, storage.FileSystemStorage):
    pass


try:
    from storages.backends.s3 import S3Storage as _S3Storage
except ImportError:  # django-storages' S3 extra is not installed
    _S3Storage = None

if _S3Storage is not None:

    class S3Storage(UnguessableDocumentsMixin, _S3Storage):
        pass
