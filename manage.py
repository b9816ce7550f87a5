#!/usr/bin/env python
"""Django's command-line utility for Coalition (same as the ``coalition`` console script)."""

from coalition.cli import main

if __name__ == "__main__":
    main()
