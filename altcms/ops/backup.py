"""Back up and restore the whole site: the database and the uploaded files.

A backup is a folder: `database.dump` (pg_dump's custom format) on PostgreSQL, or
`database.sqlite3` (SQLite's online backup, consistent while the site runs) on SQLite; and
`media.tar.gz`, the uploaded images and documents, when there are any. The files are read
from, and restored to, whatever storage holds them (Django's default storage: MEDIA_ROOT on
disk, or the S3 bucket when AWS_STORAGE_BUCKET_NAME is set), under their stored names.
Restoring loads the database into an empty one (or, with replace=True, over an existing one)
and puts the files back.
"""

import io
import os
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections

import dj_database_url


class BackupError(Exception):
    pass


def backup(folder=None, alias="default"):
    connection = connections[alias]
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(folder or Path(settings.BASE_DIR) / "backups" / stamp)
    folder.mkdir(parents=True, exist_ok=False)
    if connection.vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / "database.dump")],
            connection.settings_dict,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / "database.sqlite3") as target:
            connection.connection.backup(target)
    else:
        raise BackupError(f"No backup method for {connection.vendor}.")
    storage = storages["default"]
    names = sorted(stored_files(storage))
    if names:
        with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
            for name in names:
                with storage.open(name, "rb") as stored:
                    content = stored.read()
                info = tarfile.TarInfo(f"media/{name}")
                info.size = len(content)
                info.mtime = int(datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(content))
    return folder


def stored_files(storage, folder=""):
    """Every file's name in `storage` (walking its folders), as the storage names it."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # MEDIA_ROOT not made yet: nothing uploaded
        return
    prefix = f"{folder}/" if folder else ""
    for name in files:
        yield prefix + name
    for name in folders:
        yield from stored_files(storage, prefix + name)


def restore(folder, database_url=None, replace=False, media_root=None):
    folder = Path(folder)
    target = (
        dj_database_url.parse(database_url)
        if database_url
        else connections["default"].settings_dict
    )
    if (folder / "database.dump").exists():
        if not target["ENGINE"].endswith("postgresql"):
            raise BackupError("This backup is of a PostgreSQL database; restore it into one.")
        command = ["pg_restore", "--no-owner", "--exit-on-error"]
        if replace:
            command += ["--clean", "--if-exists"]
        _run([*command, str(folder / "database.dump")], target)
    elif (folder / "database.sqlite3").exists():
        name = Path(target["NAME"])
        if name.exists() and name.stat().st_size and not replace:
            raise BackupError(f"{name} is not empty; pass --replace to overwrite it.")
        with sqlite3.connect(folder / "database.sqlite3") as source, sqlite3.connect(name) as dest:
            source.backup(dest)
    else:
        raise BackupError(f"No database.dump or database.sqlite3 in {folder}.")
    archive = folder / "media.tar.gz"
    if archive.exists():
        storage = FileSystemStorage(location=media_root) if media_root else storages["default"]
        with tarfile.open(archive) as files:
            for member in files:
                name = _stored_name(member)
                if name is None:
                    continue
                if storage.exists(name):  # the backup's copy wins, under the same name
                    storage.delete(name)
                saved = storage.save(name, ContentFile(files.extractfile(member).read()))
                if saved != name:
                    raise BackupError(f"{name} was stored as {saved}; restore into empty storage.")


def _stored_name(member):
    """The storage name of a file in the archive, or None for anything that is not a plain
    file under media/ (a link, a folder, an absolute path or one that climbs out)."""
    path = PurePosixPath(member.name)
    if not member.isfile() or path.is_absolute() or ".." in path.parts:
        return None
    if len(path.parts) < 2 or path.parts[0] != "media":
        return None
    return str(PurePosixPath(*path.parts[1:]))


def _run(command, database):
    env = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    connection_args = [
        "--host",
        str(database.get("HOST") or "localhost"),
        "--port",
        str(database.get("PORT") or 5432),
        "--username",
        str(database.get("USER") or "postgres"),
        "--dbname",
        str(database["NAME"]),
    ]
    result = subprocess.run(  # noqa: S603 - fixed programs, arguments from settings
        [*command[:1], *connection_args, *command[1:]],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")
