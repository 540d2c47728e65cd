"""The nightly run: its context (:mod:`cxnlp.run.context`) and one module per step.

ingest -> enrich -> topics -> drivers -> backlog -> reports. Each step is a
function of the run context that returns its counts; ``cxnlp.pipeline`` runs
them in-process and ``flows/nightly.py`` wraps each in a Prefect task.
"""
