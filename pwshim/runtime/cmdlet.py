"""How a cmdlet is declared: parameter metadata + begin/process/end.

    @cmdlet("ConvertTo-SecureString", default_set="PlainText")
    class ConvertToSecureString(Cmdlet):
        '''Converts plain text or encrypted strings to secure strings.'''
        String = Parameter(str, position=0, mandatory=True, pipeline=True)
        AsPlainText = Parameter(Switch, sets=("PlainText",))
        Key = Parameter(bytes, sets=("Open",))

        def process(self) -> None:
            self.write_object(...)

- Parameters are class attributes, declared in the order pwsh lists them; the attribute name
  is the parameter name. At run time `self.String` is the bound (converted) value, the
  default when unbound (None, or False for a Switch). `self.bound` holds the bound names
  (pwsh's $PSBoundParameters), `self.parameter_set` the resolved set.
- `sets=None` means "in every set". `mandatory` and `position` apply in the sets given.
- The same class serves the interpreter (the binder fills the attributes) and the Python API
  (pwshim.api calls `invoke(...)` with keyword arguments).
- Output goes through write_object; non-terminating errors through write_error; a terminating
  error is raised as `self.throw(...)`. Host interaction (prompts, masked input, Write-Host)
  goes through `self.session.host`, never through print/input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterable

from pwshim.runtime.errors import Category, DotNetException, ErrorRecord, PSError


class Switch:
    """Type marker for a [switch] parameter."""


@dataclass
class Parameter:
    """One parameter's metadata (pwsh's ParameterAttribute + type + aliases + validation)."""

    type: Any = object
    mandatory: bool = False
    position: int | None = None
    pipeline: bool = False  # ValueFromPipeline
    pipeline_by_name: bool = False  # ValueFromPipelineByPropertyName
    aliases: tuple[str, ...] = ()
    sets: tuple[str, ...] | None = None  # None = all parameter sets
    validate_set: tuple[str, ...] | None = None
    default: Any = None
    remaining: bool = False  # ValueFromRemainingArguments
    help: str = ""
    allow_null: bool = False  # [AllowNull()]
    allow_empty_string: bool = False  # [AllowEmptyString()]
    allow_empty_collection: bool = False  # [AllowEmptyCollection()]
    # Per-set overrides: {"SetName": {"mandatory": True, "position": 0}}
    per_set: dict[str, dict[str, Any]] = field(default_factory=dict)
    name: str = ""  # filled by __set_name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @property
    def is_switch(self) -> bool:
        return self.type is Switch

    def in_set(self, set_name: str) -> bool:
        return self.sets is None or set_name in self.sets or set_name in self.per_set

    def is_mandatory(self, set_name: str) -> bool:
        return self.per_set.get(set_name, {}).get("mandatory", self.mandatory)

    def position_in(self, set_name: str) -> int | None:
        return self.per_set.get(set_name, {}).get("position", self.position)

    def type_name(self) -> str:
        from pwshim.runtime.dotnet import type_full_name

        if self.is_switch:
            return "System.Management.Automation.SwitchParameter"
        if self.type is object:
            return "System.Object"
        if isinstance(self.type, list | tuple):
            return type_full_name(self.type[0]) + "[]"
        return type_full_name(self.type)

    # The descriptor protocol: unbound parameters read as their default.
    def __get__(self, instance: Any, owner: type) -> Any:
        if instance is None:
            return self
        if self.is_switch:
            return instance.__dict__.get(self.name, bool(self.default))
        return instance.__dict__.get(self.name, self.default)

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.name] = value


# The common parameters every cmdlet accepts (pwsh's CommonParameters).
COMMON_PARAMETERS: dict[str, Parameter] = {}


def _common() -> None:
    specs = {
        "Verbose": (Switch, ("vb",)),
        "Debug": (Switch, ("db",)),
        "ErrorAction": (str, ("ea",)),
        "WarningAction": (str, ("wa",)),
        "InformationAction": (str, ("infa",)),
        "ErrorVariable": (str, ("ev",)),
        "WarningVariable": (str, ("wv",)),
        "InformationVariable": (str, ("iv",)),
        "OutVariable": (str, ("ov",)),
        "OutBuffer": (int, ("ob",)),
        "PipelineVariable": (str, ("pv",)),
        "ProgressAction": (str, ("proga",)),
    }
    for name, (typ, aliases) in specs.items():
        p = Parameter(typ, aliases=aliases)
        p.name = name
        COMMON_PARAMETERS[name] = p


_common()
SHOULD_PROCESS_PARAMETERS: dict[str, Parameter] = {}
for _n, _a in (("WhatIf", ("wi",)), ("Confirm", ("cf",))):
    _p = Parameter(Switch, aliases=_a)
    _p.name = _n
    SHOULD_PROCESS_PARAMETERS[_n] = _p


class Cmdlet:
    """Base class of every Python-implemented cmdlet."""

    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    default_set: ClassVar[str] = "__AllParameterSets"
    supports_should_process: ClassVar[bool] = False
    module: ClassVar[str] = "Microsoft.PowerShell.Utility"
    noun_verb_class: ClassVar[str] = ""  # e.g. "Microsoft.PowerShell.Commands.GetItemCommand"
    parameters: ClassVar[dict[str, Parameter]] = {}

    def __init__(self, session: Any) -> None:
        self.session = session
        self.bound: dict[str, Any] = {}
        self.parameter_set: str = self.default_set
        self.output: Callable[[Any], None] = lambda obj: None
        self.errors: list[ErrorRecord] = []
        self.invocation_name: str = self.name
        self.error_sink: Callable[[ErrorRecord], None] | None = None
        self.current_span: Any = None

    # --- lifecycle, overridden by cmdlets -------------------------------------------------
    def begin(self) -> None:
        """Runs once before the first pipeline object."""

    def process(self) -> None:
        """Runs once per pipeline object (once in all if there is no pipeline input)."""

    def end(self) -> None:
        """Runs once after the last pipeline object."""

    # --- streams ----------------------------------------------------------------------------
    def write_object(self, obj: Any, enumerate_collection: bool = False) -> None:
        if enumerate_collection and isinstance(obj, list | tuple):
            for item in obj:
                self.output(item)
        else:
            self.output(obj)

    def write_error(
        self,
        exc: BaseException | ErrorRecord | str,
        error_id: str = "",
        category: str = Category.NotSpecified,
        target: Any = None,
    ) -> None:
        """A non-terminating error (honours -ErrorAction / $ErrorActionPreference)."""
        record = self._record(exc, error_id, category, target)
        if self.error_sink is not None:
            self.error_sink(record)
        else:
            self.errors.append(record)

    def throw(
        self,
        exc: BaseException | ErrorRecord | str,
        error_id: str = "",
        category: str = Category.NotSpecified,
        target: Any = None,
    ) -> PSError:
        """Build a terminating error: `raise self.throw(ArgumentException(msg), 'Id')`."""
        return PSError(self._record(exc, error_id, category, target))

    def _record(self, exc: Any, error_id: str, category: str, target: Any) -> ErrorRecord:
        if isinstance(exc, ErrorRecord):
            record = exc
        else:
            if isinstance(exc, str):
                exc = DotNetException(exc)
            record = ErrorRecord(exc, error_id or type(exc).__name__, category, target)
        if record.command is None:  # MyCommand: the cmdlet's name, also when called by an alias
            record.command = self.name or self.invocation_name
        if record.fully_qualified_suffix is None and self.noun_verb_class:
            record.fully_qualified_suffix = self.noun_verb_class
        if record.span is None:
            record.span = self.current_span
        return record

    def write_warning(self, message: str) -> None:
        self.session.write_stream("warning", message, self)

    def write_verbose(self, message: str) -> None:
        self.session.write_stream("verbose", message, self)

    def write_debug(self, message: str) -> None:
        self.session.write_stream("debug", message, self)

    def write_information(self, message: Any) -> None:
        self.session.write_stream("information", message, self)

    def should_process(self, target: str, action: str = "") -> bool:
        """-WhatIf support: prints pwsh's 'What if:' line and returns False. Without -WhatIf the
        caller's $WhatIfPreference decides (an advanced function called with -WhatIf sets it)."""
        from pwshim.runtime.conversions import to_bool

        whatif = self.bound["WhatIf"] if "WhatIf" in self.bound else \
            self.session.get_variable("WhatIfPreference", False)
        if to_bool(whatif):
            act = action or self.name
            self.session.host.write_line(f'What if: Performing the operation "{act}" on target "{target}".')
            return False
        return True

    # --- metadata -------------------------------------------------------------------------
    @classmethod
    def parameter_sets(cls) -> list[str]:
        names: list[str] = []
        for p in cls.parameters.values():
            for s in (p.sets or ()) + tuple(p.per_set):
                if s not in names:
                    names.append(s)
        if not names:
            names.append(cls.default_set)
        elif cls.default_set not in names and cls.default_set != "__AllParameterSets":
            names.insert(0, cls.default_set)
        return names

    @classmethod
    def all_parameters(cls) -> dict[str, Parameter]:
        """The cmdlet's own parameters plus the common ones (pwsh order: own first)."""
        merged = dict(cls.parameters)
        if cls.supports_should_process:
            merged.update(SHOULD_PROCESS_PARAMETERS)
        merged.update(COMMON_PARAMETERS)
        return merged

    @classmethod
    def synopsis(cls) -> str:
        doc = (cls.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""


_REGISTRY: dict[str, type[Cmdlet]] = {}
_ALIASES: dict[str, str] = {}  # lower alias -> cmdlet name
_ALIAS_SPELLING: dict[str, str] = {}  # lower alias -> the alias as declared
# Modules defining cmdlets, imported on the first lookup (keeps `pwshim -c '$x = 1'` fast).
CMDLET_MODULES: list[str] = [
    "pwshim.cmdlets.core",
    "pwshim.cmdlets.utility",
    "pwshim.cmdlets.filesystem",
    "pwshim.cmdlets.security",
    "pwshim.cmdlets.pki",
    "pwshim.cmdlets.accounts",
    "pwshim.cmdlets.resources",
    "pwshim.cmdlets.graph",
]
_loaded = False


def cmdlet(
    name: str,
    *,
    aliases: tuple[str, ...] = (),
    default_set: str = "__AllParameterSets",
    should_process: bool = False,
    module: str | None = None,
    noun_verb_class: str | None = None,
) -> Callable[[type[Cmdlet]], type[Cmdlet]]:
    """Class decorator: register a cmdlet under its name and aliases."""

    def register(cls: type[Cmdlet]) -> type[Cmdlet]:
        cls.name = name
        cls.aliases = aliases
        cls.default_set = default_set
        cls.supports_should_process = should_process
        if module:
            cls.module = module
        cls.noun_verb_class = noun_verb_class or "Microsoft.PowerShell.Commands." + name.replace("-", "") + "Command"
        params: dict[str, Parameter] = {}
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                if isinstance(value, Parameter):
                    params[attr] = value
        cls.parameters = params
        _REGISTRY[name.lower()] = cls
        for alias in aliases:
            _ALIASES[alias.lower()] = name
            _ALIAS_SPELLING[alias.lower()] = alias
        return cls

    return register


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for mod in CMDLET_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # a module not written yet
            if exc.name != mod:
                raise


_INDEX: dict[str, str] | None = None
INDEX_PATH = __import__("pathlib").Path(__file__).resolve().parent.parent / "cmdlets" / "index.json"


def _index() -> dict[str, str]:
    """name/alias (lower case) -> the module defining it, so a script imports only the cmdlet
    modules it uses (importing all of them costs azure-core and cryptography at start-up).
    Regenerate with `python -m pwshim.runtime.cmdlet` (a test checks it is current)."""
    global _INDEX
    if _INDEX is None:
        import json

        try:
            _INDEX = json.loads(INDEX_PATH.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _INDEX = {}
    return _INDEX


def build_index() -> dict[str, str]:
    load_all()
    index: dict[str, str] = {}
    for key, cls in sorted(_REGISTRY.items()):
        if cls.__module__.startswith("pwshim."):  # not cmdlets that tests define
            index[key] = cls.__module__
    for alias, target in sorted(_ALIASES.items()):
        module = _REGISTRY[target.lower()].__module__
        if module.startswith("pwshim."):
            index.setdefault(alias, module)
    return index


def find_cmdlet(name: str) -> type[Cmdlet] | None:
    """Look a cmdlet up by name or alias (case-insensitive); also `Module\\Name`."""
    key = name.lower()
    if "\\" in key:
        key = key.rsplit("\\", 1)[1]
    if not _loaded:
        module = _index().get(key)
        if module is not None:
            import importlib

            importlib.import_module(module)
        else:
            load_all()
    if key in _REGISTRY:
        return _REGISTRY[key]
    if key in _ALIASES:
        return _REGISTRY.get(_ALIASES[key].lower())
    if not _loaded:
        load_all()
        return find_cmdlet(name)
    return None


def all_cmdlets() -> list[type[Cmdlet]]:
    load_all()
    return sorted(_REGISTRY.values(), key=lambda c: c.name)


def all_aliases() -> dict[str, str]:
    """alias (as declared) -> cmdlet name."""
    load_all()
    return {_ALIAS_SPELLING.get(k, k): v for k, v in _ALIASES.items()}


_SNAKE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake(name: str) -> str:
    """PowerShell casing to snake_case: 'CertificateThumbprint' -> 'certificate_thumbprint'."""
    return _SNAKE.sub("_", name.replace("-", "_")).lower()


def invoke(
    cls: type[Cmdlet],
    session: Any,
    pipeline_input: Iterable[Any] | None = None,
    **params: Any,
) -> list[Any]:
    """Run a cmdlet directly from Python with named parameters (no script parsing).

    Parameter names may be PowerShell-cased or snake_case. Goes through the same binder as
    the interpreter, so validation, conversion and parameter sets behave identically.
    Non-terminating errors are collected on `session.last_errors`; terminating ones raise PSError.
    """
    from pwshim.runtime.binding import invoke_with_arguments

    return invoke_with_arguments(cls, session, params, pipeline_input)


if __name__ == "__main__":  # regenerate pwshim/cmdlets/index.json
    import json

    from pwshim.runtime import cmdlet as _real  # the registry lives in the imported module

    INDEX_PATH.write_text(json.dumps(_real.build_index(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {INDEX_PATH}")
