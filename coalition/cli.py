"""The ``coalition`` console script: Django's management commands with a clean failure.

A missing or malformed setting prints one line and exits non-zero instead of a traceback.
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    argv = list(argv if argv is not None else sys.argv)
    argv[0] = "coalition"
    try:
        settings.INSTALLED_APPS  # noqa: B018 - load settings now, to fail before any command
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        print(f"coalition: configuration error: {exc}", file=sys.stderr)
        sys.exit(2)
    except DatabaseError as exc:
        # Typically a database that was never migrated, or a server that is down.
        print(
            f"coalition: database error: {exc} (is it reachable, and has "
            "`coalition migrate` been run?)",
            file=sys.stderr,
        )
        sys.exit(3)


if __name__ == "__main__":
    main()
