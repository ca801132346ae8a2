"""SQL functions whose one call could run for seconds, bounded before they run (a progress handler, which is how
Datasette stops a query at sql_time_limit_ms, cannot stop a function in the middle of a call):

- printf()/format() with a width or precision beyond the longest value SQLite may hold (SQLITE_LIMIT_LENGTH, set by
  serving_limits.py) answer NULL at once, as SQLite itself does after writing the padding character by character
  (`printf('%.*c', 1e9, 'x')` took 3 s of a core and kept it after the request had been answered);
- LIKE and GLOB patterns are bounded in length (SQLITE_LIMIT_LIKE_PATTERN_LENGTH), and so are the depth of an
  expression and the number of SELECTs in a compound one.Every other function that builds a value (replace, hex, zeroblob, randomblob, group_concat, char…) grows it under
SQLITE_LIMIT_LENGTH and stops with "string or blob too big" as soon as it passes it; a query's loop over rows is
stopped by Datasette's time limit. A printf() call that is not at risk goes to SQLite's own printf, on a private
in-memory connection, so every answer is SQLite's.
"""
import re
import sqlite3
import threading

from datasette import hookimpl

from serving_limits import MAX_VALUE_BYTES  # the longest string or blob SQLite may hold
LIMITS = {sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 200, sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 200,
          sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 50}
SPEC = re.compile(r"%[-+ 0#,!]*(\*|\d+)?(?:\.(\*|\d+))?(?:ll|l)?([a-zA-Z%])")
_own = threading.local()  # per SQL thread: a connection with SQLite's own functions


@hookimpl
def prepare_connection(conn):
    for name, limit in LIMITS.items():
        conn.setlimit(name, limit)
    conn.create_function("printf", -1, _printf, deterministic=True)
    conn.create_function("format", -1, _printf, deterministic=True)


def _sqlite(function, *args):
    """SQLite's own function on a private in-memory connection, with the same value length limit."""
    if not hasattr(_own, "conn"):
        _own.conn = sqlite3.connect(":memory:", check_same_thread=False)
        _own.conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    return _own.conn.execute(f"SELECT {function}({', '.join('?' * len(args))})", args).fetchone()[0]


def _printf(*args):
    if args and isinstance(args[0], str) and _too_wide(args[0], args[1:]):
        return None
    return _sqlite("printf", *args)


def _too_wide(template, args):
    """Whether a conversion of the printf template asks for a width or precision past MAX_VALUE_BYTES."""
    position = 0
    for match in SPEC.finditer(template):
        for part in match.group(1), match.group(2):
            if part == "*":
                value = args[position] if position < len(args) else 0
                position += 1
                try:
                    if abs(int(float(value or 0))) > MAX_VALUE_BYTES:
                        return True
                except (TypeError, ValueError, OverflowError):
                    return True
            elif part and int(part) > MAX_VALUE_BYTES:
                return True
        if match.group(3) != "%":
            position += 1
    return False
