#!/usr/bin/env python
"""Django's usual entry point; `questor` (see questor/cli.py) is the same thing."""

from __future__ import annotations

from questor.cli import main

if __name__ == "__main__":
    main()
