"""How the shipped heads in ``models/`` were made: corpus generation and training.

Not part of the installed ``cxnlp`` package; run from the repository root with
the project's environment, e.g. ``python -m training.corpus.generate_corpus``.
See ``training/README.md`` for the commands.
"""
