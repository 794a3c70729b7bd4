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
