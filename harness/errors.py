"""The one user-error type: a mistake in a file or an option, shown as one line, exit status 2."""

from __future__ import annotations


class UserError(Exception):
    """A mistake a user can fix: `where` names the file and field path, `hint` the fix."""

    def __init__(self, where: str, problem: str, hint: str = ""):
        self.where, self.problem, self.hint = where, problem, hint
        super().__init__(self.line())

    def line(self) -> str:
        text = f"{self.where}: {self.problem}" if self.where else self.problem
        return text + (f" ({self.hint})" if self.hint else "")


def did_you_mean(word: str, known: list[str] | tuple[str, ...]) -> str:
    """A hint naming the closest known word, or listing the known words."""
    import difflib

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    shown = ", ".join(sorted(known)[:12]) + (", ..." if len(known) > 12 else "")
    return f"known: {shown}"
