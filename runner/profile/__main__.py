"""``python -m runner.profile DRILL_DIR``: one profile run (see :mod:`runner.profile.run`)."""

import sys

from runner import atomic
from runner.profile.run import main

with atomic.private_umask():  # its own process: the answer key and its cache stay the learner's alone
    code = main()
sys.exit(code)
