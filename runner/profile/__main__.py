"""``python -m runner.profile DRILL_DIR``: one profile run (see :mod:`runner.profile.run`)."""

import sys

from runner.profile.run import main

sys.exit(main())
