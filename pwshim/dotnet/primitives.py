"""Everyday .NET types: [guid], [uri], [System.Convert], [System.Text.Encoding], [System.IO.Path],
[math], [datetime]/[DateTimeOffset] statics and constructors, [string]::X. ([version] is in
version.py, [regex] in regex.py, [Environment] in environment.py.)"""

from __future__ import annotations

import base64
import datetime as _dt
import math
import os
from typing import Any, Callable

from pwshim.dotnet.version import Version  # noqa: F401 - [version] lives there (start-up path)
from pwshim.runtime.dotnet import OverloadError, dotnet_type, is_no_overload
from pwshim.runtime.errors import ArgumentException, DotNetException, FormatException


@dotnet_type("System.Guid", accelerators=("guid",))
class Guid:
    def __init__(self, *args: Any) -> None:
        import uuid

        if len(args) > 1 and len(args) not in (4, 11):
            raise OverloadError()
        if len(args) > 1:
            raise OverloadError(("a", "b", "c", "d")[min(len(args), 4) - 1], args[-1], "System.Byte[]",
                                "Guid component arrays are not supported by pwshim.")
        value = args[0] if args else None
        if isinstance(value, bytes | bytearray):
            if len(value) != 16:
                raise ArgumentException("Byte array for Guid must be exactly 16 bytes long. (Parameter 'b')")
            self._u = uuid.UUID(bytes_le=bytes(value))
            return
        try:
            self._u = uuid.UUID(str(value)) if value is not None else uuid.UUID(int=0)
        except ValueError:
            raise FormatException(
                "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
            ) from None

    @staticmethod
    def NewGuid() -> "Guid":  # noqa: N802
        import uuid

        return Guid(uuid.uuid4())

    @staticmethod
    def Parse(text: str) -> "Guid":  # noqa: N802
        return Guid(text)

    Empty = None  # set below

    @property
    def Guid(self) -> str:  # noqa: N802
        return str(self._u)

    def ToString(self, *a: Any) -> str:  # noqa: N802
        return str(self._u)

    def __eq__(self, other: object) -> bool:
        import uuid

        try:
            return self._u == uuid.UUID(str(other))
        except ValueError:
            return False

    def __hash__(self) -> int:
        return hash(self._u)

    PS_DEFAULT_PROPERTIES = ("Guid",)


Guid.Empty = Guid()  # type: ignore[assignment]


@dotnet_type("System.Uri", accelerators=("uri",))
class Uri:
    def __init__(self, text: Any, *rest: Any) -> None:
        from urllib.parse import urlsplit

        t = str(text)
        parts = urlsplit(t)
        if not parts.scheme:
            raise FormatException("Invalid URI: The format of the URI could not be determined.")
        self._t = t
        self.Scheme = parts.scheme
        self.Host = parts.hostname or ""
        self.Port = parts.port or {"https": 443, "http": 80}.get(parts.scheme, -1)
        self.AbsolutePath = parts.path or "/"
        self.Query = ("?" + parts.query) if parts.query else ""
        self.AbsoluteUri = t if parts.path else t + "/"
        self.Authority = parts.netloc
        self.IsAbsoluteUri = True

    def ToString(self) -> str:  # noqa: N802
        return self.AbsoluteUri

    PS_DEFAULT_PROPERTIES = ("AbsolutePath", "AbsoluteUri", "Host", "Port", "Scheme")


@dotnet_type("System.Convert")
class Convert:
    @staticmethod
    def ToBase64String(data: Any, *rest: Any) -> str:  # noqa: N802
        return base64.b64encode(_bytes(data)).decode("ascii")

    @staticmethod
    def FromBase64String(text: str) -> bytes:  # noqa: N802
        try:
            return base64.b64decode(str(text), validate=True)
        except (ValueError, TypeError):
            raise FormatException(
                "The input is not a valid Base-64 string as it contains a non-base 64 character, more "
                "than two padding characters, or an illegal character among the padding characters."
            ) from None

    @staticmethod
    def ToInt32(value: Any, base: int = 10) -> int:  # noqa: N802
        return int(str(value), int(base)) if isinstance(value, str) else int(value)

    @staticmethod
    def ToString(value: Any, base: int = 10) -> str:  # noqa: N802
        if base == 16:
            return format(int(value), "x")
        if base == 2:
            return format(int(value), "b")
        from pwshim.runtime.conversions import to_string

        return to_string(value)

    @staticmethod
    def ToHexString(data: Any) -> str:  # noqa: N802
        return _bytes(data).hex().upper()

    @staticmethod
    def FromHexString(text: str) -> bytes:  # noqa: N802
        return bytes.fromhex(str(text))


def _bytes(data: Any) -> bytes:
    if isinstance(data, bytes | bytearray):
        return bytes(data)
    if isinstance(data, list):
        return bytes(int(x) & 0xFF for x in data)
    raise ArgumentException("Value cannot be null. (Parameter 'inArray')")


class _Encoding:
    def __init__(self, name: str, codec: str, web: str) -> None:
        self._codec = codec
        self.EncodingName = name
        self.WebName = web

    def GetBytes(self, text: Any) -> bytes:  # noqa: N802
        return str(text).encode(self._codec)

    def GetString(self, data: Any, *range_: Any) -> str:  # noqa: N802
        raw = _bytes(data)
        if len(range_) == 2:
            raw = raw[int(range_[0]) : int(range_[0]) + int(range_[1])]
        return raw.decode(self._codec, errors="replace")

    def GetByteCount(self, text: Any) -> int:  # noqa: N802
        return len(self.GetBytes(text))

    def ToString(self) -> str:  # noqa: N802
        return "System.Text." + self.EncodingName.replace("-", "") + "Encoding"


@dotnet_type("System.Text.Encoding")
class Encoding:
    UTF8 = _Encoding("Unicode (UTF-8)", "utf-8", "utf-8")
    Unicode = _Encoding("Unicode", "utf-16-le", "utf-16")
    BigEndianUnicode = _Encoding("Unicode (Big-Endian)", "utf-16-be", "utf-16BE")
    ASCII = _Encoding("US-ASCII", "ascii", "us-ascii")
    UTF32 = _Encoding("Unicode (UTF-32)", "utf-32-le", "utf-32")
    Default = UTF8
    Latin1 = _Encoding("Western European (ISO)", "latin-1", "iso-8859-1")

    @staticmethod
    def GetEncoding(name: Any) -> _Encoding:  # noqa: N802
        key = str(name).lower().replace("-", "")
        table = {"utf8": Encoding.UTF8, "unicode": Encoding.Unicode, "utf16": Encoding.Unicode,
                 "ascii": Encoding.ASCII, "usascii": Encoding.ASCII, "utf32": Encoding.UTF32,
                 "latin1": Encoding.Latin1, "iso88591": Encoding.Latin1}
        if key not in table:
            raise ArgumentException(f"'{name}' is not a supported encoding name.")
        return table[key]


@dotnet_type("System.IO.Path")
class Path:
    DirectorySeparatorChar = "/"
    PathSeparator = ":"
    AltDirectorySeparatorChar = "/"

    @staticmethod
    def Combine(*parts: Any) -> str:  # noqa: N802
        return os.path.join(*[str(p) for p in parts])

    @staticmethod
    def Join(*parts: Any) -> str:  # noqa: N802
        """Path.Join: concatenates with one separator between parts (rooted parts do not restart
        the path, unlike Combine); null and empty parts are skipped."""
        if len(parts) == 1 and isinstance(parts[0], list | tuple):
            parts = tuple(parts[0])
        result = ""
        for part in parts:
            text = "" if part is None else str(part)
            if not text:
                continue
            if result and not result.endswith("/") and not text.startswith("/"):
                result += "/"
            result += text
        return result

    @staticmethod
    def GetFileName(p: Any) -> str:  # noqa: N802
        return os.path.basename(str(p))

    @staticmethod
    def GetFileNameWithoutExtension(p: Any) -> str:  # noqa: N802
        return os.path.splitext(os.path.basename(str(p)))[0]

    @staticmethod
    def GetExtension(p: Any) -> str:  # noqa: N802
        return os.path.splitext(str(p))[1]

    @staticmethod
    def GetDirectoryName(p: Any) -> str:  # noqa: N802
        return os.path.dirname(str(p))

    @staticmethod
    def GetFullPath(p: Any) -> str:  # noqa: N802
        return os.path.abspath(str(p))

    @staticmethod
    def GetTempPath() -> str:  # noqa: N802
        return os.environ.get("TMPDIR", "/tmp").rstrip("/") + "/"

    @staticmethod
    def GetTempFileName() -> str:  # noqa: N802
        import tempfile

        fd, name = tempfile.mkstemp(suffix=".tmp")
        os.close(fd)
        return name

    @staticmethod
    def GetRandomFileName() -> str:  # noqa: N802
        import secrets

        return secrets.token_hex(4) + "." + secrets.token_hex(2)[:3]

    @staticmethod
    def IsPathRooted(p: Any) -> bool:  # noqa: N802
        return os.path.isabs(str(p))

    @staticmethod
    def ChangeExtension(p: Any, ext: Any) -> str:  # noqa: N802
        base = os.path.splitext(str(p))[0]
        return base if ext is None else base + ("" if str(ext).startswith(".") else ".") + str(ext)


@dotnet_type("System.Math", accelerators=("math",))
class Math:
    PI = math.pi
    E = math.e

    @staticmethod
    def Round(x: Any, digits: int = 0, *mode: Any) -> float:  # noqa: N802
        return round(float(x), int(digits))

    Floor = staticmethod(lambda x: math.floor(float(x)))
    Ceiling = staticmethod(lambda x: math.ceil(float(x)))
    Abs = staticmethod(lambda x: abs(x))
    Max = staticmethod(lambda a, b: max(a, b))
    Min = staticmethod(lambda a, b: min(a, b))
    Pow = staticmethod(lambda a, b: float(a) ** float(b))
    Sqrt = staticmethod(lambda x: math.sqrt(float(x)))
    Truncate = staticmethod(lambda x: math.trunc(float(x)))
    Log = staticmethod(lambda x, *b: math.log(float(x), *[float(v) for v in b]))


@dotnet_type("System.DateTimeOffset", accelerators=("DateTimeOffset",))
class DateTimeOffset:
    """A timezone-aware instant; `ToUnixTimeSeconds()` is what AzurePowerShellCredential reads."""

    PS_DEFAULT_PROPERTIES = ("DateTime", "UtcDateTime", "LocalDateTime", "Offset")

    def __init__(self, value: Any = None) -> None:
        if isinstance(value, DateTimeOffset):
            value = value._dt
        if value is None:
            value = _dt.datetime.now(_dt.timezone.utc)
        if isinstance(value, int | float):
            value = _dt.datetime.fromtimestamp(value, _dt.timezone.utc)
        if value.tzinfo is None:
            value = value.astimezone()
        self._dt = value

    @staticmethod
    def FromUnixTimeSeconds(seconds: Any) -> "DateTimeOffset":  # noqa: N802
        return DateTimeOffset(int(seconds))

    def ToUnixTimeSeconds(self) -> int:  # noqa: N802
        return int(self._dt.timestamp())

    def ToUnixTimeMilliseconds(self) -> int:  # noqa: N802
        return int(self._dt.timestamp() * 1000)

    @property
    def DateTime(self) -> _dt.datetime:  # noqa: N802
        return self._dt.replace(tzinfo=None)

    @property
    def UtcDateTime(self) -> _dt.datetime:  # noqa: N802
        return self._dt.astimezone(_dt.timezone.utc).replace(tzinfo=None)

    @property
    def LocalDateTime(self) -> _dt.datetime:  # noqa: N802
        return self._dt.astimezone().replace(tzinfo=None)

    @property
    def Offset(self) -> _dt.timedelta:  # noqa: N802
        return self._dt.utcoffset() or _dt.timedelta(0)

    def ToString(self, *fmt: Any) -> str:  # noqa: N802
        from pwshim.runtime.dotnet_format import format_datetime

        if fmt:
            return format_datetime(self._dt, str(fmt[0]))
        off = self.Offset
        total = int(off.total_seconds()) // 60
        sign = "+" if total >= 0 else "-"
        return format_datetime(self._dt, "M/d/yyyy h:mm:ss tt") + f" {sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"

    def __lt__(self, other: "DateTimeOffset") -> bool:
        return self._dt < other._dt

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateTimeOffset) and self._dt == other._dt

    def __hash__(self) -> int:
        return hash(self._dt)

    PS_CONVERT_FROM = None


def _datetime_statics(name: str) -> tuple[bool, Any]:
    key = name.lower()
    if key == "now":
        return True, _dt.datetime.now()
    if key == "utcnow":
        return True, _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
    if key == "today":
        return True, _dt.datetime.combine(_dt.date.today(), _dt.time())
    if key == "minvalue":
        return True, _dt.datetime.min
    if key == "maxvalue":
        return True, _dt.datetime.max
    return False, None


_INT_LIMITS = {
    "System.Int32": (-(2**31), 2**31 - 1),
    "System.Int64": (-(2**63), 2**63 - 1),
    "System.Byte": (0, 255),
}


def builtin_static(rtype: Any, name: str) -> tuple[bool, Any]:
    """Static properties of builtin types ([int]::MaxValue, [string]::Empty, [datetime]::Now)."""
    full = rtype.FullName
    key = name.lower()
    if full in _INT_LIMITS and key in ("maxvalue", "minvalue"):
        lo, hi = _INT_LIMITS[full]
        return True, hi if key == "maxvalue" else lo
    if full == "System.Double":
        table = {"maxvalue": 1.7976931348623157e308, "minvalue": -1.7976931348623157e308,
                 "nan": float("nan"), "positiveinfinity": float("inf"), "negativeinfinity": float("-inf"),
                 "epsilon": 5e-324}
        if key in table:
            return True, table[key]
    if full == "System.String" and key == "empty":
        return True, ""
    if full == "System.DateTime":
        return _datetime_statics(name)
    return False, None


def _string_join(sep: Any, *items: Any) -> str:
    from pwshim.runtime.conversions import to_string

    flat: list[Any] = []
    for item in items:
        flat.extend(item if isinstance(item, list | tuple) else [item])
    return to_string(sep).join(to_string(v) for v in flat)


def _string_format(fmt: Any, *args: Any) -> str:
    from pwshim.runtime.dotnet_format import composite_format

    values = list(args[0]) if len(args) == 1 and isinstance(args[0], list) else list(args)
    return composite_format(str(fmt), values)


_STRING_STATICS: dict[str, Callable[..., Any]] = {
    "isnullorempty": lambda s: s is None or s == "",
    "isnullorwhitespace": lambda s: s is None or str(s).strip() == "",
    "join": _string_join,
    "format": _string_format,
    "concat": lambda *a: "".join("" if x is None else str(x) for x in a),
    "equals": lambda a, b, *c: a == b,
    "compare": lambda a, b, *c: (str(a).lower() > str(b).lower()) - (str(a).lower() < str(b).lower())
    if c and c[0] is True else (str(a) > str(b)) - (str(a) < str(b)),
    "new": lambda c, n=1: str(c) * int(n),
}


def _int_parse(text: Any, *rest: Any) -> int:
    from pwshim.runtime.conversions import parse_number

    n = parse_number(str(text))
    if not isinstance(n, int):
        raise FormatException(f"The input string '{text}' was not in a correct format.")
    return n


def _try_parse_int(text: Any, ref: tuple[Any, ...], bits: int) -> bool:
    """Int32/Int64.TryParse(s, [ref]$result): the parsed value (or 0) goes into the reference."""
    try:
        value = int(str(text).strip())
        ok = -(2 ** (bits - 1)) <= value < 2 ** (bits - 1)
    except ValueError:
        value, ok = 0, False
    if ref and hasattr(ref[0], "Value"):
        ref[0].Value = value if ok else 0
    return ok


def builtin_static_method(rtype: Any, name: str) -> Callable[..., Any] | None:
    full = rtype.FullName
    key = name.lower()
    if full == "System.String":
        return _STRING_STATICS.get(key)
    if full in ("System.Int32", "System.Int64", "System.Byte") and key in ("parse",):
        return _int_parse
    if full in ("System.Int32", "System.Int64") and key == "tryparse":
        return lambda text, *ref: _try_parse_int(text, ref, 32 if full == "System.Int32" else 64)
    if full == "System.Double" and key == "parse":
        return lambda text, *rest: float(str(text))
    if full == "System.DateTime":
        from pwshim.runtime.types import parse_datetime

        if key in ("parse", "parseexact"):
            return lambda text, *rest: parse_datetime(str(text), text)
        if key == "fromfiletime":
            return lambda ft: _dt.datetime(1601, 1, 1) + _dt.timedelta(microseconds=int(ft) // 10)
    if full == "System.Char" and key in ("isdigit", "isletter", "iswhitespace", "isupper", "islower"):
        attr = {"isdigit": "isdigit", "isletter": "isalpha", "iswhitespace": "isspace",
                "isupper": "isupper", "islower": "islower"}[key]
        return lambda c, *i: getattr(str(c)[int(i[0]) if i else 0], attr)()
    if rtype.IsEnum:
        return _enum_static(rtype, key)
    return None


def _enum_static(rtype: Any, key: str) -> Callable[..., Any] | None:
    """System.Enum's statics: `[enum]::GetNames([T])`, and on an enum type itself
    (`[T]::GetValues([T])`), where the type argument comes first."""
    from pwshim.runtime.dotnet import enum_from_string

    def of(t: Any) -> Any:
        return getattr(t, "cls", t)

    if key == "getnames":
        return lambda t=rtype: list(of(t).__members__)
    if key == "getvalues":
        return lambda t=rtype: list(of(t))
    if key == "parse":
        return lambda t, text, *ignore_case: enum_from_string(of(t), str(text))
    if key == "isdefined":
        return lambda t, v: (str(v).lower() in {n.lower() for n in of(t).__members__}) if isinstance(v, str) \
            else int(v) in {int(m) for m in of(t)}
    return None


def builtin_constructor(rtype: Any) -> Callable[..., Any] | None:
    """Constructors for types represented by Python builtins."""
    full = rtype.FullName
    if full == "System.String":
        return lambda c="", n=1: str(c) * int(n) if not isinstance(c, list) else "".join(map(str, c))
    if full == "System.Object":
        from pwshim.runtime.objects import PSObject

        return lambda: PSObject()
    if full == "System.DateTime":
        from pwshim.dotnet.datetimes import datetime_new

        return datetime_new
    if full == "System.TimeSpan":
        return lambda *a: _dt.timedelta(hours=int(a[0]), minutes=int(a[1]), seconds=int(a[2])) if len(a) == 3 \
            else _dt.timedelta(days=int(a[0]), hours=int(a[1]), minutes=int(a[2]), seconds=int(a[3])) if len(a) == 4 \
            else _dt.timedelta(microseconds=int(a[0]) // 10)
    if full == "System.Byte[]":
        return lambda n=0: bytearray(int(n))
    if rtype.is_array:
        return lambda n=0: [None] * int(n)
    cls = rtype.cls
    if isinstance(cls, type) and hasattr(cls, "__dotnet_name__") and not hasattr(cls, "__ps_members__"):
        return _overload_checked(cls)
    return None


def _overload_checked(cls: type) -> Callable[..., Any]:
    """`cls(*args)`, where a type's own "no overload for this count" failure (a MethodException
    some types raise) becomes an OverloadError, reported as pwsh's binder reports it."""

    def construct(*args: Any) -> Any:
        try:
            return cls(*args)
        except OverloadError:
            raise
        except DotNetException as exc:
            if is_no_overload(exc):
                raise OverloadError() from None
            raise

    return construct
