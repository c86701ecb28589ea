"""Back up and restore the whole site: the database and the uploaded files.

A backup is a folder: `database.dump` (pg_dump's custom format) on PostgreSQL, or
`database.sqlite3` (SQLite's online backup, consistent while the site runs) on SQLite; and
`media.tar.gz`, the uploaded images and documents, when there are any. Restoring loads the
database into an empty one (or, with replace=True, over an existing one) and unpacks the files.
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
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
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
            archive.add(media, arcname="media")
    return folder


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
        media = Path(media_root or settings.MEDIA_ROOT)
        with tarfile.open(archive) as files:
            staging = media.parent / f".restore-{os.getpid()}"
            # The "data" filter (Python 3.11.4+) refuses links and paths out of the folder.
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            files.extractall(staging, **safe)  # noqa: S202 - our own backup, filtered
        shutil.copytree(staging / "media", media, dirs_exist_ok=True)
        shutil.rmtree(staging)


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
