"""`make backup` / `make restore`: a backup restored into an empty database holds every page,
comment and form submission, and the uploaded files come back."""

import os
import sqlite3
import tarfile

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

import pytest

from community.models import Comment, ContactPage
from modules.models import ModulePage
from tests.conftest import restore_seeded_site
from tests.helpers import add_comment

COUNT = {
    "pages": "SELECT COUNT(*) FROM wagtailcore_page",
    "comments": "SELECT COUNT(*) FROM django_comments",
    "submissions": "SELECT COUNT(*) FROM wagtailforms_formsubmission",
    "the comment": "SELECT COUNT(*) FROM django_comments WHERE comment = 'Kept through a backup'",
}


@pytest.fixture
def site_with_content(transactional_db, django_db_serialized_rollback, settings, tmp_path):
    restore_seeded_site()
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "lesson-plan.pdf").write_bytes(b"%PDF-1.4 plan")
    add_comment(ModulePage.objects.get(slug="listening"), "Kept through a backup")
    FormSubmission.objects.create(page=ContactPage.objects.get(), form_data={"message": "kept"})
    return {
        "pages": Page.objects.count(),
        "comments": Comment.objects.count(),
        "submissions": FormSubmission.objects.count(),
        "the comment": 1,
    }


def test_a_backup_restores_into_an_empty_database(site_with_content, tmp_path, settings):
    folder = tmp_path / "backup"
    call_command("backup_site", output=str(folder))
    restored_media = tmp_path / "restored-media"
    if connection.vendor == "postgresql":
        counts = _restore_into_new_postgres(folder, restored_media)
    else:
        target = tmp_path / "restored.sqlite3"
        settings.MEDIA_ROOT = restored_media
        call_command("restore_site", str(folder), database_url=f"sqlite:///{target}")
        with sqlite3.connect(target) as db:
            counts = {name: db.execute(sql).fetchone()[0] for name, sql in COUNT.items()}
    assert counts == site_with_content
    assert counts["pages"] > 40 and counts["comments"] >= 1 and counts["submissions"] >= 1
    assert (restored_media / "documents" / "lesson-plan.pdf").read_bytes() == b"%PDF-1.4 plan"


def _restore_into_new_postgres(folder, restored_media):
    import psycopg

    params = connection.settings_dict
    name = f"altcms_restore_{os.getpid()}"
    server = {"host": params["HOST"], "port": params["PORT"], "user": params["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{name}"
        from django.test import override_settings

        with override_settings(MEDIA_ROOT=restored_media):
            call_command("restore_site", str(folder), database_url=url)
        with psycopg.connect(dbname=name, **server) as db:
            return {key: db.execute(sql).fetchone()[0] for key, sql in COUNT.items()}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_restoring_over_a_database_in_use_needs_replace(site_with_content, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup_site", output=str(folder))
    if connection.vendor == "sqlite":
        target = tmp_path / "busy.sqlite3"
        with sqlite3.connect(target) as db:
            db.execute("CREATE TABLE something (id integer)")
        with pytest.raises(CommandError, match="not empty; pass --replace"):
            call_command("restore_site", str(folder), database_url=f"sqlite:///{target}")
    with pytest.raises(CommandError, match="No database.dump or database.sqlite3"):
        call_command("restore_site", str(tmp_path))
    with pytest.raises(CommandError, match="exists"):
        call_command("backup_site", output=str(folder))  # never over an earlier backup


@pytest.fixture
def s3_bucket(settings, monkeypatch):
    """Uploads in an S3 bucket, as production stores them with AWS_STORAGE_BUCKET_NAME: a local
    stand-in (moto's server, on loopback) reached over HTTP like the real thing."""
    boto3 = pytest.importorskip("boto3")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket="alt-media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "altcms.ops.storage.S3Storage",
            "OPTIONS": {
                "bucket_name": "alt-media",
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "default_acl": None,
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    yield s3
    server.stop()


def bucket_contents(s3):
    listing = s3.list_objects_v2(Bucket="alt-media").get("Contents", [])
    return {
        item["Key"]: s3.get_object(Bucket="alt-media", Key=item["Key"])["Body"].read()
        for item in listing
    }


def test_uploads_in_an_s3_bucket_are_backed_up_and_restored(
    transactional_db, django_db_serialized_rollback, s3_bucket, tmp_path
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from wagtail.documents.models import Document

    restore_seeded_site()
    document = Document.objects.create(
        title="Lesson plan", file=ContentFile(b"%PDF-1.4 plan", name="lesson-plan.pdf")
    )
    default_storage.save("original_images/photo.png", ContentFile(b"\x89PNG photo"))
    stored = bucket_contents(s3_bucket)
    assert document.file.name in stored and len(stored) == 2
    assert not (tmp_path / "media").exists()  # nothing on this machine's disk to fall back on

    folder = tmp_path / "backup"
    call_command("backup_site", output=str(folder))
    with tarfile.open(folder / "media.tar.gz") as archive:
        names = sorted(archive.getnames())
    assert names == sorted(f"media/{key}" for key in stored)

    # The bucket is lost; restoring the backup brings every file back under its own name.
    for key in stored:
        s3_bucket.delete_object(Bucket="alt-media", Key=key)
    assert bucket_contents(s3_bucket) == {}
    target = tmp_path / "restored.sqlite3"
    if connection.vendor == "postgresql":
        _restore_into_new_postgres(folder, tmp_path / "unused")
    else:
        call_command("restore_site", str(folder), database_url=f"sqlite:///{target}")
    assert bucket_contents(s3_bucket) == stored
    assert default_storage.open(document.file.name).read() == b"%PDF-1.4 plan"
