"""The one exception the engine raises for things a user can cause (bad input, bad model id).

Each carries a stable ``code`` the UI translates (``error.<code>`` in the strings module), the
details to fill into that message, and a plain English message for the command line.
"""

from __future__ import annotations


class BertvisError(Exception):
    def __init__(self, code: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details
