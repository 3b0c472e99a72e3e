"""The one command line of kassalink: every Django management command plus ours.

`kassalink simulator` runs without Django, since the simulator belongs to the Django-free
`kassalink.mplus` package; everything else goes through Django's command dispatcher.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "kassalink"
    if len(argv) > 1 and argv[1] == "simulator":
        from kassalink.mplus.simulator.cli import main as simulator_main

        sys.exit(simulator_main(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kassalink.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    if len(argv) == 1 or (argv[1] in {"help", "--help", "-h"} and len(argv) == 2):
        print(
            "kassalink simulator --port N   run the MplusKASSA simulator "
            "(see `kassalink simulator --help`)\n"
        )
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        # A bad environment variable: say which and how to fix it, not a traceback.
        print(f"kassalink: configuration error: {error}", file=sys.stderr)
        sys.exit(2)
