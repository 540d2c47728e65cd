"""Alerts: hot comments, emerging causes, social spikes, silent sources, failed runs.

Alerts are built from what a run or an intraday cycle already computed
(:mod:`cxnlp.alerts.build`), sent through Apprise URLs or Prefect notification
blocks named by reference in the config (:mod:`cxnlp.alerts.send`), held back
for a cool-down per subject, and logged in the store's ``alerts`` table
(:mod:`cxnlp.alerts.log`). The intraday micro-batch lives in
:mod:`cxnlp.alerts.intraday`, the nightly digest in :mod:`cxnlp.alerts.digest`.

This package's ``__init__`` imports nothing: :mod:`cxnlp.config` imports
:mod:`cxnlp.alerts.config`, and the other modules here import the config.
"""
