"""What a person types into the directory's search box, turned into a safe full-text query.

Plain Python, no Django and no database: the people selectors pick the builder for the database in use. Whatever
the input (quotes, brackets, AND/OR/NOT, a minus, emoji, 10,000 characters), only runs of letters and digits
survive, and each is quoted, so nothing a person types can act as a query operator or make the database raise.
"""

import re
import unicodedata

# The old LIKE search read 8 words at most; more words only narrow an already narrow search.
MAX_WORDS = 8
# Longer words are cut: a prefix search on the first 64 characters finds the same people.
MAX_WORD_LENGTH = 64

# Letters and digits in any script: the same characters SQLite's unicode61 tokenizer and PostgreSQL's parser
# keep as parts of words (an underscore, punctuation, symbols and emoji separate words in both).
_WORD = re.compile(r"[^\W_]+")


def search_words(text: str) -> list[str]:
    """The words of a search, lower-cased, in the order typed, at most MAX_WORDS, repeats dropped."""
    normal = unicodedata.normalize("NFKC", text).lower()
    words = dict.fromkeys(w[:MAX_WORD_LENGTH] for w in _WORD.findall(normal))
    return list(words)[:MAX_WORDS]


def fts5_match(words: list[str]) -> str:
    """An SQLite FTS5 MATCH expression: every word, each as a word or the start of one ("hous" finds "housing").

    A quoted string is always a plain phrase to FTS5, never an operator; a double quote inside one is doubled.
    """
    return " AND ".join('"' + word.replace('"', '""') + '"*' for word in words)


def postgres_tsquery(words: list[str]) -> str:
    """A PostgreSQL to_tsquery() text: every word, each as a prefix (`'hous':*` finds "housing").

    Single-quoted lexemes are plain text to to_tsquery; a quote or backslash inside one is escaped.
    """
    return " & ".join("'" + word.replace("\\", "\\\\").replace("'", "''") + "':*" for word in words)


# Words that carry no meaning in a plain-English request ("someone who knows adult social care in Leeds"): they
# are dropped before searching, unless nothing else is left. "care", "social" and place names are never here.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "an",
        "and",
        "any",
        "anyone",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "experience",
        "expert",
        "experienced",
        "find",
        "for",
        "from",
        "has",
        "have",
        "help",
        "i",
        "in",
        "into",
        "is",
        "it",
        "knowledge",
        "knows",
        "know",
        "knowing",
        "like",
        "looking",
        "me",
        "my",
        "need",
        "of",
        "on",
        "or",
        "people",
        "person",
        "please",
        "someone",
        "somebody",
        "something",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "understand",
        "understands",
        "want",
        "was",
        "we",
        "who",
        "whom",
        "with",
        "worked",
        "working",
        "works",
        "would",
        "you",
        "your",
    ]
)


def query_words(text: str) -> list[str]:
    """The words of a plain-English search that say what is wanted: search_words without the STOP_WORDS.

    "someone who knows adult social care in Leeds" gives ["adult", "social", "care", "leeds"]. A search made only
    of such words ("who") is kept as typed, so it still finds the people it names.
    """
    normal = unicodedata.normalize("NFKC", text).lower()
    every = list(dict.fromkeys(w[:MAX_WORD_LENGTH] for w in _WORD.findall(normal)))
    meaningful = [w for w in every if w not in STOP_WORDS]
    return (meaningful or every)[:MAX_WORDS]


def fts5_match_any(words: list[str]) -> str:
    """Like fts5_match, but any one of the words will do (the fallback when no one has every word)."""
    return " OR ".join('"' + word.replace('"', '""') + '"*' for word in words)


def postgres_tsquery_any(words: list[str]) -> str:
    """Like postgres_tsquery, but any one of the words will do."""
    return " | ".join("'" + word.replace("\\", "\\\\").replace("'", "''") + "':*" for word in words)
