"""What the import commands share: reading the named file, and a file's problems as the
command's error (a message and a non-zero exit, never a traceback)."""

import datetime
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

# A command lists this many problems of a file, then says how many more there are.
MAX_LISTED = 50


def read_bytes(name, max_bytes=None):
    """The content of the file ``name``; a CommandError saying why it cannot be read, or
    that it is larger than ``max_bytes`` (checked before reading it)."""
    if max_bytes is not None and _size(name) > max_bytes:
        raise CommandError(f"{name}: the file is larger than {max_bytes // 2**20} MB.")
    with open_file(name) as handle:
        return handle.read()


def _size(name):
    try:
        return Path(name).stat().st_size
    except OSError:
        return 0  # open_file says why it cannot be read


def open_file(name):
    """The file ``name`` opened for reading bytes (a file read a row at a time); a
    CommandError saying why it cannot be opened."""
    path = Path(name)
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise CommandError(f"{name}: no such file.") from None
    except IsADirectoryError:
        raise CommandError(f"{name}: is a folder, not a file.") from None
    except OSError as exc:
        raise CommandError(f"{name}: cannot be read ({exc.strerror}).") from None


def nothing_imported(name, problems):
    """The CommandError of a file that was refused: each problem on its own line."""
    lines = [str(p) for p in problems[:MAX_LISTED]]
    more = len(problems) - MAX_LISTED
    if more > 0:
        lines.append(f"... and {more} more")
    return CommandError(
        f"{name}: nothing imported, {len(problems)} problem(s):\n  " + "\n  ".join(lines)
    )


def problems_line(problems, most=10):
    """A file's problems on one line, the first ``most`` of them and how many more."""
    listed = "; ".join(str(p) for p in problems[:most])
    more = len(problems) - most
    return listed + (f"; and {more} more" if more > 0 else "")


def parse_today(value):
    """The date of a command's ``--today`` (YYYY-MM-DD), today's date when not given; a
    CommandError saying what is expected otherwise."""
    if value is None:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}.") from None
