"""Errors and warnings newslab raises at its boundaries; the CLI turns them into one-line messages."""


class NewslabError(ValueError):
    """Bad input or parameters: the message names the file or parameter and what is wrong."""


class CorpusError(NewslabError):
    """A corpus path that cannot be read as a corpus."""


class ParameterError(NewslabError):
    """A parameter with a wrong name, type or value."""


class NewslabWarning(UserWarning):
    """Something was skipped or guessed; the message says what and where."""
