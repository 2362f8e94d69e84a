"""The ``drill`` command: parse, call one library function, print.

Each command module (``drill_commands``, ``grade_commands``,
``progress_commands``, ``intuition_commands``) registers its commands on the one Typer app in
``runner.cli.app``.  Errors become one line on stderr and an exit code in
exactly one place, :func:`main` (0 success, 1 failure, 2 bad input; see
``runner.errors``).  Notices go to stderr; stdout carries only the result
(for ``start``, the notebook's path as the last line).

May import: anything.
"""

from __future__ import annotations

import sqlite3
import sys

import typer
from typer import Abort

try:  # recent typer vendors click as typer._click; older releases use click itself
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover
    from click.exceptions import ClickException, NoArgsIsHelpError

from runner import atomic
from runner.cli import (  # noqa: F401  (register commands)
    cohort_commands,
    drill_commands,
    grade_commands,
    intuition_commands,
    progress_commands,
    repair_commands,
)
from runner.cli.app import cli
from runner.errors import DrillError
from runner.store import DAMAGED_HINT

__all__ = ["cli", "main"]


def main(argv: list[str] | None = None) -> None:
    command = typer.main.get_command(cli)
    try:
        with atomic.private_umask():  # nothing the command writes is readable by others (runner.atomic)
            code = command.main(args=argv, prog_name="drill", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else exc.format_message())
        code = 0
    except ClickException as exc:
        print(f"drill: error: {exc.format_message()}", file=sys.stderr)
        code = exc.exit_code
    except DrillError as exc:
        print(f"drill: error: {exc.one_line()}", file=sys.stderr)
        code = exc.exit_code
    except sqlite3.Error as exc:  # a log error outside a store block: still one line, never a traceback
        print(f"drill: error: the drill log failed ({' '.join(str(exc).split())}) ({DAMAGED_HINT})", file=sys.stderr)
        code = 1
    except OSError as exc:  # disk full, permission denied...: still one line, never a traceback
        print(f"drill: error: {exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""), file=sys.stderr)
        code = 1
    except (KeyboardInterrupt, Abort):
        print("drill: interrupted", file=sys.stderr)
        code = 130
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
