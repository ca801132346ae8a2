"""CSV downloads safe to open in a spreadsheet. A cell that starts with = + - @, a tab or a carriage return is run as
a formula by Excel, LibreOffice and Google Sheets (`=HYPERLINK("http://x","y")`); curated CSVs refuse such text, but
upstream snapshots are loaded as their publishers wrote them. So every CSV answer (a table's or a query's `.csv`, the
header included) gets a `'` before such a cell, as OWASP's CSV-injection guidance says: the spreadsheet shows the
text, without the quote mark. A number (-3.5, +1e3) is left alone. JSON, and the database file, keep every value
exactly as it is.
"""
import codecs
import csv
import io
import re

from datasette import hookimpl

FORMULA_START = "=+-@\t\r"
MAYBE = re.compile(r'(?:^|,)"?[=+\-@\t\r]')  # a record that may hold such a cell: parsed to be sure


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def csv_safe(scope, receive, send):
            if scope["type"] != "http" or not _asks_for_csv(scope):
                return await app(scope, receive, send)
            records = None

            async def neutralising_send(message):
                nonlocal records
                if message["type"] == "http.response.start":
                    kind = dict(message.get("headers", [])).get(b"content-type", b"")
                    if message["status"] == 200 and kind.startswith((b"text/plain", b"text/csv")):
                        records = _Records()
                        message = dict(message, headers=[(k, v) for k, v in message.get("headers", [])
                                                         if k.lower() != b"content-length"])
                elif message["type"] == "http.response.body" and records is not None:
                    more = message.get("more_body", False)
                    message = dict(message, body=records.feed(message.get("body", b""), final=not more))
                await send(message)
            await app(scope, receive, neutralising_send)
        return csv_safe
    return wrap


def _asks_for_csv(scope):
    return scope.get("path", "").endswith(".csv") or b"_format=csv" in scope.get("query_string", b"")


class _Records:
    """CSV text in, in chunks, split into whole records (a quoted cell may hold line breaks); each record that holds
    a cell starting like a formula is written again with that cell neutralised, the others pass through as they are."""

    def __init__(self):
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""

    def feed(self, data, final=False):
        text = self._pending + self._decoder.decode(data, final=final)
        end = _last_record_end(text)
        if final:
            end = len(text)
        self._pending = text[end:]
        return "".join(_neutralised(record) for record in _split_records(text[:end])).encode("utf-8")


def _last_record_end(text):
    """The index just after the last line break outside quotes (0 if none)."""
    end, inside, start = 0, False, 0
    while True:
        newline = text.find("\n", start)
        if newline < 0:
            return end
        inside ^= text.count('"', start, newline) % 2 == 1
        if not inside:
            end = newline + 1
        start = newline + 1


def _split_records(text):
    records, inside, begin, start = [], False, 0, 0
    while True:
        newline = text.find("\n", start)
        if newline < 0:
            break
        inside ^= text.count('"', start, newline) % 2 == 1
        if not inside:
            records.append(text[begin:newline + 1])
            begin = newline + 1
        start = newline + 1
    if begin < len(text):
        records.append(text[begin:])
    return records


def _neutralised(record):
    if not MAYBE.search(record):
        return record
    [cells] = list(csv.reader(io.StringIO(record))) or [[]]
    safe = [_cell(c) for c in cells]
    if safe == cells:
        return record
    out = io.StringIO()
    csv.writer(out).writerow(safe)  # Datasette's own dialect: excel, \r\n
    return out.getvalue()


def _cell(text):
    if not text or text[0] not in FORMULA_START:
        return text
    try:
        float(text)
        return text  # a number, not a formula
    except ValueError:
        return "'" + text
