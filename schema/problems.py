"""A data problem, reported the way a compiler reports an error: path:line: column: message."""
import os
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 0 when the problem concerns the whole file
    column: str
    message: str

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")  # one line per problem, whatever a cell holds
        return f"{where}: {self.column}: {message}" if self.column else f"{where}: {message}"

    def github_annotation(self, header=None):
        """A GitHub Actions ::error line; col is the 1-based column position when known."""
        parts = [f"file={self.path}"]
        if self.line:
            parts.append(f"line={self.line}")
        if header and self.column in header:
            parts.append(f"col={header.index(self.column) + 1}")
        text = f"{self.column}: {self.message}" if self.column else self.message
        return f"::error {','.join(parts)}::{text.replace('%', '%25').replace(chr(13), '%0D').replace(chr(10), '%0A')}"


def report(problems, headers=None, stream=None):
    """Print every problem, sorted, plus GitHub annotations when running under GitHub Actions."""
    import sys
    stream = stream or sys.stderr
    problems = sorted(set(problems))
    for p in problems:
        print(p, file=stream)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in problems:
            print(p.github_annotation((headers or {}).get(p.path)), file=stream)
    return problems
