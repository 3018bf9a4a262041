"""The language of an article's text, whatever its edition: `text_lang` and `text_lang_score`.

Detected from the final body by py3langid (naive Bayes over byte n-grams, Kazakh among its
languages; the model ships inside the package, so nothing is downloaded), read once per process
(about 1 s), in a thread from the moment the pipeline is built (TextLanguagePipeline says why).
The choices below are measured on tests/fixtures/lang/labelled.jsonl by bench/text_lang.py
(README "Text language"):

- LANGUAGES: the answers allowed. All of py3langid's 140 spread a short Russian headline over
  Bulgarian, Macedonian and Ukrainian (8 of 133 fixture headlines and 9 of 26 short ones end
  under MIN_SCORE), and {kk, ru, en} alone names a foreign text Kazakh, Russian or English (12 of
  13 wrong). So: Kazakhstan's languages, its neighbours' and the big news languages; not Tatar
  and Bashkir, since Kazakh typed without its own letters came out Tatar (2 of 11).
- Kyrgyz needs its letters: Kazakh typed with Russian letters ('Актобеде жана перинаталдык
  орталык') reads as Kyrgyz to the model (7 of 11). Kyrgyz text of a few sentences holds ң, ө
  or ү, the letters its alphabet adds to Russian's; a text without them is judged as if Kyrgyz
  were not allowed (so a Kyrgyz headline without them comes out Kazakh: this dataset's prior).
- 'und' when the text has under MIN_LETTERS letters (a time, one word, a name alone: 'Halyk
  Bank' would be Turkmen at 0.84) or no language reaches MIN_SCORE, so that a guess is at least
  as likely as all the others together.
- The score is py3langid's normalised probability over the allowed languages (a softmax at a
  temperature of √bytes: the evidence grows faster, so a body's score is higher than a
  headline's).
- Only the first MAX_CHARS characters are read (the cost grows with the text): a long article's
  language and score are settled well before its end. From 3,000 characters every aeb-dev item
  and every fixture gets the language and the score (to its 4 decimals) it gets from 10,000;
  from 2,000 one aeb-dev score falls from 1.0 to 0.74. 327 of 335 right on the labelled set
  either way. A hostile body of megabytes costs no more than that.
- py3langid finds a text's byte n-grams by walking its scanner (an Aho-Corasick automaton) a
  byte at a time in Python; Scanner walks the same automaton with numpy, with the same counts
  in the same order, so the same scores, in about 0.4 of the time.

Stats: `text_lang/<code>` items per text language; `text_lang/differs_from_edition/<edition>`
items of an edition whose text is in another language (neither being 'und'), which the monitor
`text_lang` judges (ops/monitors.py).
"""

from __future__ import annotations

import asyncio
import copy
import functools
import lzma
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Coroutine
from dataclasses import dataclass
from itertools import islice
from typing import Any, Self

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from scrapy.crawler import Crawler

from newscrawler.items import ArticleItem
from newscrawler.pipelines import StatsPipeline

LANGUAGES = (
    *("kk", "ru", "en", "ky", "uz", "tg", "tk", "mn", "zh", "uk", "be", "tr", "az"),
    *("de", "fr", "es", "it", "ar", "fa", "ja", "ko"),
)
UNDETERMINED = "und"
MIN_LETTERS = 10
MIN_SCORE = 0.5
MAX_CHARS = 3_000
_KYRGYZ_LETTERS = frozenset("ңөүҢӨҮ")
DIFFERS_PREFIX = "text_lang/differs_from_edition/"


@dataclass(frozen=True)
class TextLanguage:
    lang: str
    score: float
    """The identifier's probability for its best guess, also when `lang` is 'und'."""


_ROWS_AT_ONCE = 2048
"""Rows of the scanner's table read at once to find its depth (2 MB)."""


@dataclass(frozen=True)
class Scanner:
    """py3langid's byte n-gram scanner, walked with numpy.

    The scanner is an Aho-Corasick automaton: its state after a byte is the longest n-gram
    prefix the text ends with there, so it depends only on the last `depth` bytes (the longest
    n-gram). py3langid walks the text a byte at a time in Python, each step waiting on the last
    (a tenth of the item path: a loop, and a cache miss per byte on a 40 MB table); here every
    position takes its `depth` steps at once. Tested equal to py3langid's `visit_counts`."""

    nextmove: np.ndarray
    """(row offset + byte) -> next state: py3langid's table, shared."""
    rowbase: np.ndarray
    """State -> its row offset in `nextmove`."""
    output: np.ndarray
    """State -> the n-gram feature it completes, or -1."""
    depth: int

    @classmethod
    def of(cls, model: LanguageIdentifier) -> Scanner:
        """The model's scanner, its depth found breadth-first (a state's depth is the fewest
        bytes that reach it from the start: about 0.1 s, once per process)."""
        nextmove = np.asarray(model.tk_nextmove)
        rowbase = np.asarray(model.tk_row, dtype=np.int64) << 8
        rows = nextmove.reshape(-1, 256)
        row_of = rowbase >> 8
        reached = np.zeros(len(rowbase), dtype=bool)
        row_done = np.zeros(len(rows), dtype=bool)
        reached[0] = True
        frontier, depth = np.zeros(1, dtype=np.int64), 0
        while True:
            new_rows = np.unique(row_of[frontier])
            new_rows = new_rows[~row_done[new_rows]]
            row_done[new_rows] = True
            targets = np.zeros(len(rowbase), dtype=bool)
            for start in range(0, len(new_rows), _ROWS_AT_ONCE):  # not a copy of the whole table
                targets[rows[new_rows[start : start + _ROWS_AT_ONCE]].ravel()] = True
            frontier = np.flatnonzero(targets & ~reached)
            if not frontier.size:
                break
            reached[frontier] = True
            depth += 1
        output = np.asarray(model.tk_output, dtype=np.int64)
        return cls(nextmove, rowbase, output, depth)

    def visits(self, text: bytes) -> Counter[int]:
        """Each feature the text holds, counted, in the order of first occurrence (py3langid's
        `visit_counts`)."""
        symbols = np.frombuffer(text, dtype=np.uint8).astype(np.int64)
        n = len(symbols)
        states = np.zeros(n, dtype=np.int64)
        # Step k reads, at every position i, the byte `depth - 1 - k` back: positions near the
        # start, with fewer bytes before them, start later (from state 0, as the text does).
        for back in range(min(self.depth, n) - 1, -1, -1):
            states[back:] = self.nextmove[self.rowbase[states[back:]] + symbols[: n - back]]
        features = self.output[states]
        return Counter(features[features >= 0].tolist())


class _Identifier(LanguageIdentifier):
    """py3langid's identifier, its n-grams found by Scanner."""

    __slots__ = ("scanner",)

    def _raw_score(self, text: bytes) -> np.ndarray:
        visits = self.scanner.visits(text)
        if not visits:  # py3langid's answer for a text without features
            return super()._raw_score(text)
        return self._sparse_score(visits, self.nb_ptc)


_model_lock = threading.Lock()
_loaded: list[_Identifier] = []


def _model() -> _Identifier:
    """py3langid's model, every language allowed: read once per process (about 1 s, mostly
    decompression, which releases the GIL)."""
    with _model_lock:
        if not _loaded:
            model = _read_model()
            model.scanner = Scanner.of(model)
            _loaded.append(model)
        return _loaded[0]


def _read_model() -> _Identifier:
    """py3langid's model file (an LZMA-compressed npz, decompressed through a temporary file as
    py3langid does), its arrays kept as numpy reads them. py3langid's own reader copies the
    40 MB transition table into a Python array and the outputs into a list (a 110 MiB peak
    against 77 here), and Scanner reads the arrays with numpy anyway."""
    with tempfile.TemporaryFile(suffix=".npz") as tmp:
        with lzma.open(MODEL_DIR / MODEL_FILE) as src:
            shutil.copyfileobj(src, tmp, length=1 << 20)
        tmp.seek(0)
        with np.load(tmp, allow_pickle=False) as data:
            return _Identifier(
                data["ptc"],
                data["pc"],
                data["classes"].tolist(),
                data["nextmove"],
                data["out_feat"],
                norm_probs=True,
                tk_row=data["nextmove_row"].astype(np.int64),  # shifted by 8: not in uint16
            )


def preload() -> None:
    """Start reading the model in a thread."""
    if not _loaded:
        threading.Thread(target=_model, name="py3langid-model", daemon=True).start()


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _view(languages: tuple[str, ...] | None) -> LanguageIdentifier:
    """The model answering only `languages` (all when None); set_languages replaces the model's
    arrays, never writes into them, so views share the one model read. A view's table of
    feature weights is held in float32 (8.8 MB for LANGUAGES, float16 in the model): numpy
    converted the rows each text reads at every call, to the same values (the same scores)."""
    view = copy.copy(_model())
    view.set_languages(languages)
    view.nb_ptc = np.asarray(view.nb_ptc, dtype=np.float32)
    return view


def _has_letters(text: str, count: int) -> bool:
    letters = (ch for ch in text if ch.isalpha())
    return count <= 0 or next(islice(letters, count - 1, None), None) is not None


class Detector:
    """Detects a text's language as described in the module doc; the arguments exist for
    bench/text_lang.py, which measures the alternatives."""

    def __init__(
        self,
        languages: tuple[str, ...] | None = LANGUAGES,
        *,
        min_letters: int = MIN_LETTERS,
        min_score: float = MIN_SCORE,
        kyrgyz_letters: bool = True,
    ) -> None:
        self.languages, self.min_letters, self.min_score = languages, min_letters, min_score
        self.kyrgyz_letters = kyrgyz_letters

    @functools.cached_property
    def _views(self) -> tuple[LanguageIdentifier, LanguageIdentifier]:
        """(the languages, the languages but Kyrgyz)."""
        allowed = self.languages or tuple(_model().labels)
        return _view(self.languages), _view(tuple(code for code in allowed if code != "ky"))

    def __call__(self, text: str | None) -> TextLanguage:
        sample = (text or "")[:MAX_CHARS]
        model, without_kyrgyz = self._views
        lang, score = model.classify(sample)
        if lang == "ky" and self.kyrgyz_letters and not _KYRGYZ_LETTERS.intersection(sample):
            lang, score = without_kyrgyz.classify(sample)
        score = round(score, 4)
        if lang == "zxx" or score < self.min_score or not _has_letters(sample, self.min_letters):
            return TextLanguage(UNDETERMINED, score)  # zxx: 'no language', of the full model
        return TextLanguage(lang, score)


detect = Detector()
"""The detector the crawl and `scrapy compact` use."""


def differs(edition: str | None, text_lang: str) -> bool:
    """Whether a text is in another language than its edition; never when either is unknown."""
    return bool(edition) and UNDETERMINED not in (edition, text_lang) and edition != text_lang


class TextLanguagePipeline(StatsPipeline):
    """Sets text_lang and text_lang_score from the final body.

    The model is read in a thread from the moment the pipeline is built, so a crawl starts at
    once (a second more before the first request took the cron tests' 4 s deadlines). An item
    that comes before it is read waits for it in a coroutine: waiting on the reactor would stop
    the crawl, a cluster worker's heartbeat with it (2 s leases in the cluster tests). Outside
    an event loop (the in-process item path, fixtures) it simply waits."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        preload()
        return super().from_crawler(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem | Coroutine[Any, Any, ArticleItem]:
        if _loaded or not _in_event_loop():
            return self._detect(item)
        return self._detect_when_loaded(item)

    async def _detect_when_loaded(self, item: ArticleItem) -> ArticleItem:
        await asyncio.to_thread(_model)
        return self._detect(item)

    def _detect(self, item: ArticleItem) -> ArticleItem:
        found = detect(item.body)
        item.text_lang, item.text_lang_score = found.lang, found.score
        self.stats.inc_value(f"text_lang/{found.lang}")
        if differs(item.lang, found.lang):
            self.stats.inc_value(f"{DIFFERS_PREFIX}{item.lang}")
        return item
