"""``python -m sphinx_cachecatalog``: the ``sphinx-cachecatalog`` command."""

import sys

from .cli import main

sys.exit(main())
