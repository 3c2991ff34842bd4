"""Pure: jieba segmentation into searchable terms with code-point offsets. No Django import.

jieba builds its prefix dictionary (~0.5 s, cached in /tmp) on first use, so the base tokenizer is
loaded lazily, once per process. A project's tokenizer is a cheap copy of the base one (a shallow
copy of its frequency table, ~10 ms) with the project dictionary added, cached per dictionary
version, so editing one project's dictionary never changes another project's segmentation.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

# A term is a run of letters and digits: what both PostgreSQL's string_to_array over spaces and
# SQLite FTS5's unicode61 tokenizer treat as one token, so the two indexes agree.
TERM_RE = re.compile(r"[^\W_]+")
HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

# The usual names of the people in an interview transcript. jieba cuts 访谈者 into 访谈 + 者, so
# word counts filled up with 者 and searches for a role found its halves; every project's
# segmentation keeps these whole, as if each project dictionary held them.
INTERVIEW_ROLES = (
    "访谈者",
    "受访者",
    "访问者",
    "被访者",
    "采访者",
    "被采访者",
    "受访人",
    "访谈人",
    "主持人",
    "调研者",
    "记录者",
    "整理者",
)

_lock = threading.Lock()
_base = None
_cache: OrderedDict = OrderedDict()
_CACHE_SIZE = 16


@dataclass(frozen=True)
class Token:
    term: str  # lower case
    start: int  # code points, over the text given
    end: int


def _base_tokenizer():
    global _base
    with _lock:
        if _base is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for word in INTERVIEW_ROLES:
                tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word), 1000))
            _base = tokenizer
        return _base


def tokenizer_for(key, words=()):
    """A jieba tokenizer with `words` added; cached under `key` (e.g. project id and dictionary version)."""
    with_words = tuple(words)
    if not with_words:
        return _base_tokenizer()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    import jieba

    base = _base_tokenizer()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    for word in with_words:
        # A high frequency makes jieba prefer the project's term over splitting it.
        tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word), 1000))
    with _lock:
        _cache[key] = tokenizer
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return tokenizer


def tokens(text, tokenizer=None) -> list[Token]:
    """The searchable tokens of `text`: jieba words split further into letter/digit runs, lower case.

    English is split on anything that is not a letter or digit and lower-cased, without stemming.
    """
    tokenizer = tokenizer or _base_tokenizer()
    result = []
    for word, start, _end in tokenizer.tokenize(text):
        for match in TERM_RE.finditer(word):
            result.append(Token(match.group().lower(), start + match.start(), start + match.end()))
    return result


def is_dictionary_word(word) -> bool:
    """jieba cannot hold a word with spaces or punctuation; it only helps for Chinese terms."""
    return bool(word) and TERM_RE.fullmatch(word) is not None and HAN_RE.search(word) is not None


def code_name_terms(name) -> list[str]:
    """Dictionary words in a code name: its Chinese parts, e.g. 合谋化 from "合谋化 Collusion"."""
    parts = TERM_RE.findall(name or "")
    return [part for part in dict.fromkeys(parts) if len(part) >= 2 and is_dictionary_word(part)]


def index_terms(tokens) -> str:
    """What a document's index holds: its distinct terms, and each pair of adjacent terms run together.

    The pairs let the index narrow a phrase (社会 组织, or a Chinese word jieba splits in two) to
    documents where its words stand side by side, not merely anywhere; Python then checks the
    phrase on the stored spans. A pair may coincide with a real word (社会+组织 = 社会组织): it
    only widens the candidates, which the check narrows again.
    """
    terms = [token.term for token in tokens]
    pairs = (terms[i] + terms[i + 1] for i in range(len(terms) - 1))
    return " ".join(dict.fromkeys([*terms, *pairs]))


def phrase_pairs(terms) -> list[str]:
    return [terms[i] + terms[i + 1] for i in range(len(terms) - 1)]
