"""A picklable jieba tokenizer with the project's dictionaries (THUOCL IT terms, 职业分类大典 names and
aliases, a skills list): plain jieba splits 机器学习, 大数据, 工业互联网.

It keeps only the dictionary paths and words in its state; the jieba ``Tokenizer`` is rebuilt lazily after
unpickling, so a fitted ``TfidfVectorizer(tokenizer=DomainTokenizer(...), token_pattern=None)`` pickles.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path

import jieba

logging.getLogger("jieba").setLevel(logging.WARNING)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#.]*|[\u4e00-\u9fff]+|\d+(?:\.\d+)?")
STOP = frozenset(
    {
        "的",
        "了",
        "和",
        "与",
        "及",
        "等",
        "或",
        "在",
        "对",
        "有",
        "为",
        "是",
        "能",
        "具",
        "具有",
        "负责",
        "相关",
        "以上",
        "优先",
        "熟悉",
        "熟练",
        "掌握",
        "了解",
        "经验",
        "工作",
        "能力",
        "岗位",
        "公司",
    }
)


class DomainTokenizer:
    """Callable text → tokens (lower-cased Latin, Chinese words), with user dictionaries."""

    def __init__(self, dictionaries: Iterable[str | Path] = (), words: Iterable[str] = ()) -> None:
        self.dictionaries = [str(p) for p in dictionaries]
        self.words = sorted({w for w in words if 2 <= len(w) <= 12})
        self._jieba: jieba.Tokenizer | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        return {"dictionaries": self.dictionaries, "words": self.words}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["dictionaries"], state["words"])

    def _tokenizer(self) -> jieba.Tokenizer:
        with self._lock:
            if self._jieba is None:
                tk = jieba.Tokenizer()
                tk.initialize()
                for path in self.dictionaries:
                    if Path(path).exists():
                        for line in Path(path).read_text(encoding="utf-8").splitlines():
                            word = line.split("\t")[0].split(" ")[0].strip()
                            if 2 <= len(word) <= 12:
                                tk.add_word(word, freq=2000)
                for word in self.words:
                    tk.add_word(word, freq=2000)
                self._jieba = tk
            return self._jieba

    def __call__(self, text: str) -> list[str]:
        tokens = []
        for chunk in WORD.findall(text or ""):
            if chunk[0].isascii():
                tokens.append(chunk.lower())
            else:
                # HMM off: the dictionaries name the domain's words, and HMM guessing doubles the cost
                words = self._tokenizer().lcut(chunk, HMM=False)
                tokens.extend(w for w in words if len(w) > 1 and w not in STOP)
        return tokens
