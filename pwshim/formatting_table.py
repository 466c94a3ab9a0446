"""Table and list writers (pwsh's TableWriter / ListWriter / ColumnWidthManager).

Tables: one space between columns; a column is as wide as its fixed width (from a view) or
max(header, values); cells longer than their column are cut to width-1 plus `…` (U+2026);
the header underline is dashes of min(label length, column width); the last column is not
padded; numbers (DefaultScalarTypes other than String) are right-aligned, headers with them.
An OutOfBandText among a table's objects (a scalar Format-Table does not format) is written as
its text, in place, without taking part in the column widths.
Lists: `Label : value`, labels padded to the longest label of the entry, long values
wrapped under the value column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pwshim.formatting_values import ELLIPSIS, Column, cell_text, is_right_aligned_value


class OutOfBandText:
    """A line written as it is among a table's rows: what Format-Table writes for a scalar that
    comes after the first formatted object (pwsh's out-of-band RawTextFormatEntry).
    header: the group header of the row before it, so it does not restart a grouped table."""

    def __init__(self, text: str, header: str | None = None) -> None:
        self.text = text
        self.header = header

    @staticmethod
    def PS_GROUP_HEADER(obj: OutOfBandText) -> str | None:
        return obj.header

    def __repr__(self) -> str:
        return f"OutOfBandText({self.text!r})"


def _cell(value: Any, wrap: bool = False) -> str:
    text = cell_text(value).replace("\r\n", "\n")
    if "\n" in text and not wrap:
        # Without -Wrap a table row is one line: the rest of a multi-line value is cut.
        text = text.split("\n", 1)[0] + ELLIPSIS
    return text


def _fit(text: str, width: int) -> str:
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    return text[: width - 1] + ELLIPSIS


def _align(text: str, width: int, right: bool, last: bool) -> str:
    text = _fit(text, width)
    if right:
        return text.rjust(width)
    return text if last else text.ljust(width)


def resolve_alignment(columns: list[Column], first: Any) -> list[bool]:
    """True for right-aligned columns (ComputeDefaultAlignment looks at the first object)."""
    result = []
    for col in columns:
        if col.align is not None:
            result.append(col.align == "right")
        else:
            try:
                value = col.getter(first)
            except Exception:  # noqa: BLE001 - formatting never fails on a getter
                value = None
            result.append(is_right_aligned_value(value))
    return result


def compute_widths(
    columns: list[Column], rows: list[list[str]], screen: int, autosize: bool = False, fill_last: bool = False
) -> tuple[list[Column], list[int], list[list[str]]]:
    """Column widths: fixed (a view's) or max(header, values); the first column that does not
    fit the screen is cut to the space left (its cells end in `…`) and later columns are
    dropped (ColumnWidthManager eliminates columns from the right). `fill_last`: a last column
    without a width takes the rest of the screen (for a left-aligned last column this writes the
    same text as max(header, values), whatever values come later)."""
    widths: list[int] = []
    for i, col in enumerate(columns):
        if col.width and not autosize:
            widths.append(col.width)
        else:
            widths.append(max([len(col.label)] + [max(len(x) for x in r[i].split("\n")) for r in rows]))
    if fill_last and widths and not (columns[-1].width and not autosize):
        widths[-1] = max(widths[-1], screen)
    used = 0
    keep = len(widths)
    for i, w in enumerate(widths):
        start = used + (1 if i else 0)
        if start + w > screen:
            room = screen - start
            if room >= 1 and (i == 0 or room >= min(w, len(columns[i].label))):
                widths[i] = room
                keep = i + 1
            else:
                keep = max(i, 1)
                if i == 0:
                    widths[0] = max(screen, 1)
            break
        used = start + w
    cols = list(columns[:keep])
    return cols, widths[:keep], [r[:keep] for r in rows]


@dataclass
class TableLayout:
    """Columns, widths and alignments fixed by the first objects of a table (pwsh sizes a
    table from the objects it has buffered, then keeps the widths for later rows)."""

    columns: list[Column]
    widths: list[int]
    right: list[bool]
    cells: dict[int, list[str]] = field(default_factory=dict)  # rows already computed, by id
    wrap: bool = False  # -Wrap / a view's `wrap: true` row: long cells continue on more lines


def _row_cells(columns: list[Column], obj: Any, wrap: bool = False) -> list[str]:
    row = []
    for col in columns:
        try:
            row.append(_cell(col.getter(obj), wrap))
        except Exception:  # noqa: BLE001 - formatting never fails on a getter
            row.append("")
    return row


def table_layout(
    objects: list[Any], columns: list[Column], screen: int = 120, autosize: bool = False, wrap: bool = False,
    fill_last: bool = False,
) -> TableLayout:
    """Lay a table out for these objects (alignment from the first, widths from all)."""
    objects = [obj for obj in objects if not isinstance(obj, OutOfBandText)]
    rows = [_row_cells(columns, obj, wrap) for obj in objects]
    right_all = resolve_alignment(columns, objects[0]) if objects else [c.align == "right" for c in columns]
    cols, widths, kept = compute_widths(columns, rows, screen, autosize, fill_last)
    cache = {id(obj): row for obj, row in zip(objects, kept)}
    return TableLayout(cols, widths, right_all[: len(cols)], cache, wrap)


def _chunks(text: str, width: int) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        while width > 0 and len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return out


def layout_header(layout: TableLayout) -> list[str]:
    """The header and its underline."""
    n = len(layout.columns)
    parts = list(zip(layout.columns, layout.widths, layout.right))
    return [
        " ".join(_align(c.label, w, r, i == n - 1) for i, (c, w, r) in enumerate(parts)),
        " ".join(_align("-" * min(len(c.label), w), w, r, i == n - 1) for i, (c, w, r) in enumerate(parts)),
    ]


def layout_row(layout: TableLayout, obj: Any) -> str:
    """One object's row under a fixed layout."""
    if isinstance(obj, OutOfBandText):
        return obj.text
    row = layout.cells.pop(id(obj), None) or _row_cells(layout.columns, obj, layout.wrap)
    n = len(layout.columns)
    if not layout.wrap:
        return " ".join(
            _align(t, w, r, i == n - 1) for i, (t, w, r) in enumerate(zip(row, layout.widths, layout.right))
        )
    parts = [_chunks(t, w) for t, w in zip(row, layout.widths)]
    height = max((len(p) for p in parts), default=1)
    lines = []
    for k in range(height):
        cells = [p[k] if k < len(p) else "" for p in parts]
        lines.append(
            " ".join(_align(t, w, r, i == n - 1) for i, (t, w, r) in enumerate(zip(cells, layout.widths, layout.right)))
        )
    return "\n".join(lines)


def render_table(
    objects: list[Any],
    columns: list[Column],
    screen: int = 120,
    autosize: bool = False,
    hide_headers: bool = False,
    wrap: bool = False,
) -> list[str]:
    """The lines of one table (header, underline, rows), without the surrounding blank lines."""
    if not columns:
        return []
    layout = table_layout(objects, columns, screen, autosize, wrap)
    lines = [] if hide_headers else layout_header(layout)
    lines.extend(layout_row(layout, obj) for obj in objects)
    return lines


def _wrap(text: str, width: int) -> list[str]:
    out: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if width <= 0 or len(line) <= width:
            out.append(line)
            continue
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return out


def render_list_entry(entries: list[tuple[str, Any]], screen: int = 120) -> list[str]:
    """One object of a list: `Label : value` lines (continuations under the value)."""
    if not entries:
        return []
    label_width = max(len(label) for label, _ in entries)
    pad = " " * (label_width + 3)
    lines: list[str] = []
    for label, value in entries:
        text = value if isinstance(value, str) else cell_text(value)
        parts = _wrap(text, screen - label_width - 3)
        lines.append(f"{label.ljust(label_width)} : {parts[0]}")
        lines.extend(pad + p for p in parts[1:])
    return lines
