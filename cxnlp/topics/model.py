"""The topic model as one estimator: ``fit`` on a window, ``assign`` new comments, ``save``, ``load``.

:class:`TopicModel` wraps the functions the topics package is built from
(:func:`~cxnlp.topics.fit.fit_topics`, :func:`~cxnlp.topics.tracking.track_topics`
and :func:`~cxnlp.topics.tracking.apply_tracking`,
:func:`~cxnlp.topics.fit.assign_topics`, :mod:`cxnlp.topics.persist`), so that a
caller (the topics step) holds one object instead of threading a result,
a tracking map and a model folder through its own code. The functions stay
public: tests and benchmarks use them one by one.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from cxnlp.errors import ModelError
from cxnlp.topics.config import TopicsConfig
from cxnlp.topics.fit import assign_topics, fit_topics
from cxnlp.topics.persist import load_topic_model, save_topic_model
from cxnlp.topics.result import TopicModelResult
from cxnlp.topics.tracking import apply_tracking, track_topics


class TopicModel:
    """Topics of a window with ids that stay stable from one fit to the next.

    Attributes:
        config: the ``topics`` settings the model fits with.
        tracked: after :meth:`fit` with a ``run_date``, this fit's topics with their
            stable ids, ``status`` (``new``/``persisting``), ``first_seen`` and
            ``cluster_id``; after :meth:`load`, the stored topic table.
        resolved: the previous topics this fit did not find again (status ``resolved``).
    """

    def __init__(self, config: TopicsConfig, result: TopicModelResult | None = None) -> None:
        self.config = config
        self._result = result
        self._source: Path | None = None  # the folder it was loaded from
        self.tracked = result.topics.copy() if result is not None else pd.DataFrame()
        self.resolved = pd.DataFrame()

    @property
    def result(self) -> TopicModelResult:
        """The fitted model.

        Raises:
            ModelError: before :meth:`fit` or :meth:`load`.
        """
        if self._result is None:
            raise ModelError("the topic model is not fitted: call fit() or load() first")
        return self._result

    @property
    def n_topics(self) -> int:
        """Number of topics (0 before a fit)."""
        return self._result.n_topics if self._result is not None else 0

    @property
    def fitted_on(self) -> date | None:
        """The date of the run that fitted the model, when known."""
        stamp = self._result.fitted_on if self._result is not None else None
        return date.fromisoformat(stamp) if stamp else None

    def fit(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray,
        ids: Sequence[str],
        *,
        previous: pd.DataFrame | None = None,
        run_date: date | None = None,
    ) -> np.ndarray:
        """Fit on a window and return each comment's topic (``-1``: none).

        With ``run_date`` the topics take the ids of the same topics in ``previous``
        (new ones get new ids, ``first_seen`` = ``run_date``; the ``track_*``
        thresholds of the model's config decide; see
        :func:`~cxnlp.topics.tracking.track_topics`) and the returned ids are those
        stable ids; without it, the fit's own cluster ids.

        Args:
            texts: the window's redacted, normalised comments.
            embeddings: one row per comment.
            ids: feedback id per comment.
            previous: the previous run's topic table (None on a first fit).
            run_date: the run's date, to track ids against ``previous``.
        """
        result = fit_topics(texts, embeddings, ids, self.config, previous=previous)
        if run_date is None:
            self._result = result
            self.tracked = result.topics.copy()
            return np.asarray(result.assignments)
        tracked, resolved, mapping = track_topics(
            previous, result.topics, run_date=run_date, config=self.config
        )
        raw = np.asarray(result.assignments)
        stable = np.array([mapping.get(int(t), -1) if t >= 0 else -1 for t in raw])
        self._result = apply_tracking(result, tracked)
        self._result.fitted_on = run_date.isoformat()
        self.tracked, self.resolved = tracked, resolved
        return stable

    def assign(self, texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """Place comments in the fitted topics by the nearest-centroid rule (``-1``: none).

        Raises:
            ModelError: before a fit, or when the embeddings' width is not the fit's.
        """
        return assign_topics(self.result, texts, embeddings)

    def save(self, directory: Path | str) -> Path:
        """Write the model to ``directory`` and return it.

        A model loaded without its BERTopic part (all that assigning needs) keeps
        that part: it is copied from the folder the model was loaded from.
        """
        target = save_topic_model(self.result, directory)
        source = self._source
        if self.result.model is None and source is not None and (source / "bertopic").is_dir():
            if (target / "bertopic").exists():
                shutil.rmtree(target / "bertopic")
            shutil.copytree(source / "bertopic", target / "bertopic")
        return target

    @classmethod
    def load(cls, directory: Path | str, *, with_bertopic: bool = False) -> TopicModel:
        """Read a model written by :meth:`save`.

        Args:
            directory: the model's folder.
            with_bertopic: also load the BERTopic part (assigning does not need it).

        Raises:
            ModelError: if the folder or one of its files is missing or unreadable.
        """
        result = load_topic_model(directory, with_bertopic=with_bertopic)
        model = cls(result.config, result)
        model._source = Path(directory)
        return model
