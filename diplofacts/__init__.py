"""diplofacts: a hand-checkable database of diplomatic facts.

``diplofacts.schema`` (the models), ``diplofacts.loaders`` (seeds → facts.db),
``diplofacts.cli`` (the ``facts`` command); the site is the ``datasette_diplofacts`` plugin.
"""
