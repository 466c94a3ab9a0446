"""The PowerShell syntax tree: frozen, slotted dataclasses named after pwsh's AST classes.

Names follow System.Management.Automation.Language (ScriptBlockAst, PipelineAst, CommandAst...)
so the PowerShell source and docs can be read side by side. Differences from pwsh, on purpose:

- Sequences are tuples (nodes are frozen and hashable).
- Every node has `span` (pwshim.runtime.errors.Span: file, 1-based line/column of the start,
  end_line/end_column exclusive, text = the source line of the start). It is keyword-only and
  excluded from equality, so `parse('1+2') == parse(' 1 + 2')` structurally.
- `[ordered]@{...}` is a HashtableAst with ordered=True (no ConvertExpressionAst around it).
- Type names are a small value class `TypeName` rather than ITypeName objects.
- Multiple assignment `$a, $b = ...` has an ArrayLiteralAst as its `left`.

Use `iter_children(node)` / `walk(node)` for generic traversal.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from decimal import Decimal
from typing import Iterator, Union

from pwshim.runtime.errors import Span
from pwshim.typename import TypeName  # noqa: F401 - part of the AST's vocabulary (N.TypeName)

# Node classes are dataclasses (fields, replace(), asdict() work) whose methods come from Ast:
# generic equality, hashing and repr driven by the dataclass fields, immutability through one
# __setattr__, and an __init__ compiled per class on its first use. dataclasses would otherwise
# exec six methods per class at import, which made this module most of pwshim's cold start.
_node = dataclass(slots=True, init=False, eq=False, repr=False)


@_node
class Ast:
    """Base of every node. `span` locates it in the source (None only for synthesized nodes).

    Nodes are immutable (assignment raises dataclasses.FrozenInstanceError); use
    dataclasses.replace() to derive a changed copy.
    """

    span: Span | None = field(kw_only=True, compare=False, default=None, repr=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        cls = type(self)
        init = _compile_init(cls)
        cls.__init__ = init  # type: ignore[method-assign]
        init(self, *args, **kwargs)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _key(self) -> tuple:
        names = _COMPARED.get(type(self))
        if names is None:
            names = _COMPARED[type(self)] = tuple(f.name for f in fields(self) if f.compare)
        return tuple(getattr(self, n) for n in names)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.__class__, self._key()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
        return f"{type(self).__name__}({shown})"

    def __getstate__(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(self))

    def __setstate__(self, state: tuple) -> None:
        for f, value in zip(fields(self), state):
            object.__setattr__(self, f.name, value)

    def __copy__(self) -> "Ast":
        return self

    def __deepcopy__(self, memo: dict) -> "Ast":
        return self


_COMPARED: dict[type, tuple[str, ...]] = {}


def _compile_init(cls: type) -> object:
    """The __init__ dataclasses would generate for `cls` (positional fields, then keyword-only
    ones), setting slots through object.__setattr__ since instances are immutable."""
    params, kw_params, body = [], [], []
    env: dict[str, object] = {"_set": object.__setattr__}
    for f in fields(cls):
        param = f.name
        if f.default is not MISSING:
            env[f"_d_{f.name}"] = f.default
            param += f"=_d_{f.name}"
        (kw_params if f.kw_only else params).append(param)
        body.append(f"    _set(self, {f.name!r}, {f.name})")
    signature = ", ".join(["self", *params, *(["*", *kw_params] if kw_params else [])])
    source = f"def __init__({signature}):\n" + "\n".join(body or ["    pass"]) + "\n"
    exec(source, env)  # noqa: S102 - the same technique dataclasses uses, once per class
    fn = env["__init__"]
    fn.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    return fn


# --------------------------------------------------------------------------- bases


@_node
class StatementAst(Ast):
    """Base of statements."""


@_node
class PipelineBaseAst(StatementAst):
    """Base of what can stand where pwsh expects a pipeline: PipelineAst, PipelineChainAst,
    AssignmentStatementAst (as in pwsh, an assignment is a pipeline-like statement)."""


@_node
class CommandElementAst(Ast):
    """Base of what can appear in a command: parameters and expressions."""


@_node
class ExpressionAst(CommandElementAst):
    """Base of expressions."""


@_node
class CommandBaseAst(StatementAst):
    """Base of pipeline elements: CommandAst and CommandExpressionAst."""


@_node
class LabeledStatementAst(StatementAst):
    """Base of loops and switch: `label` is the `:label` written before it, or None."""

    label: str | None = field(kw_only=True, default=None)


@_node
class AttributeBaseAst(Ast):
    """Base of AttributeAst and TypeConstraintAst."""


# --------------------------------------------------------------------------- attributes, params


@_node
class NamedAttributeArgumentAst(Ast):
    """`Name = value` inside an attribute, e.g. Mandatory=$true.

    name: the argument name as written. value: an ExpressionAst.
    expression_omitted: True for `[Parameter(Mandatory)]`; value is then ConstantExpressionAst(True).
    """

    name: str
    value: "ExpressionAst"
    expression_omitted: bool = False


@_node
class AttributeAst(AttributeBaseAst):
    """`[Name(positional..., Named=value...)]`, e.g. [Parameter(Mandatory=$true)], [CmdletBinding()],
    [ValidateSet('a','b')]. type_name: the attribute's TypeName ('Parameter')."""

    type_name: TypeName
    positional: tuple["ExpressionAst", ...] = ()
    named: tuple[NamedAttributeArgumentAst, ...] = ()


@_node
class TypeConstraintAst(AttributeBaseAst):
    """`[string]` written before a parameter or variable: type_name is the TypeName."""

    type_name: TypeName


@_node
class ParameterAst(Ast):
    """One parameter of a param block / function.

    name: the variable name without `$` ('Path').
    attributes: every attribute written before it, in order (AttributeAst and TypeConstraintAst).
    type: the (last) TypeConstraintAst's TypeName, or None when untyped.
    default: the default value ExpressionAst, or None.
    """

    name: str
    attributes: tuple[AttributeBaseAst, ...] = ()
    type: TypeName | None = None
    default: "ExpressionAst | None" = None


@_node
class ParamBlockAst(Ast):
    """`[CmdletBinding()] param(...)`: attributes are those before `param` (AttributeAst),
    parameters the ParameterAst list."""

    attributes: tuple[AttributeAst, ...] = ()
    parameters: tuple[ParameterAst, ...] = ()


@_node
class StatementBlockAst(Ast):
    """A list of statements (`{...}` bodies, `$(...)`, `@(...)` contents).

    statements: the statements in order. traps: TrapStatementAst found directly in this block
    (they are also left in `statements` in source order)."""

    statements: tuple[StatementAst, ...] = ()
    traps: tuple["TrapStatementAst", ...] = ()


@_node
class NamedBlockAst(Ast):
    """A `begin`/`process`/`end`/`clean`/`dynamicparam` block.

    kind: one of 'begin', 'process', 'end', 'clean', 'dynamicparam' (lowercase).
    body: the StatementBlockAst. unnamed: True when the script had no named blocks and its
    statements form an implicit `end` block.
    """

    kind: str
    body: StatementBlockAst
    unnamed: bool = False


@_node
class ScriptBlockAst(Ast):
    """A script file or `{...}` script block.

    param_block: ParamBlockAst or None.
    begin/process/end/clean/dynamicparam: NamedBlockAst or None. A script without named blocks
    has only `end` (unnamed=True), possibly with no statements.
    using: UsingStatementAst list at the top of a script.
    text: the source text of the block (for a `{...}` literal, the text between the braces;
    ScriptBlock.ToString() in pwsh). Not compared.
    """

    param_block: ParamBlockAst | None = None
    begin: NamedBlockAst | None = None
    process: NamedBlockAst | None = None
    end: NamedBlockAst | None = None
    clean: NamedBlockAst | None = None
    dynamicparam: NamedBlockAst | None = None
    using: tuple["UsingStatementAst", ...] = ()
    text: str = field(kw_only=True, default="", compare=False, repr=False)

    @property
    def statements(self) -> tuple[StatementAst, ...]:
        """The statements of the unnamed end block (convenience for simple scripts)."""
        return self.end.body.statements if self.end is not None else ()


# --------------------------------------------------------------------------- pipelines, commands


@_node
class FileRedirectionAst(Ast):
    """`>file`, `>>file`, `2>file`, `*>>file`: stream is '1'..'6' or '*' (`>` is '1');
    append for `>>`; location is the file ExpressionAst."""

    stream: str
    append: bool
    location: "ExpressionAst"


@_node
class MergingRedirectionAst(Ast):
    """`2>&1`, `*>&1`: from_stream '1'..'6' or '*', to_stream '1' (pwsh rejects other targets)."""

    from_stream: str
    to_stream: str


RedirectionAst = Union[FileRedirectionAst, MergingRedirectionAst]


@_node
class CommandParameterAst(CommandElementAst):
    """`-Name` or `-Name:value` in a command.

    name: the parameter name without dash, as written (case kept).
    argument: the ExpressionAst after `-Name:`, else None (`-Name value` leaves value as the next
    element; the binder pairs them, as pwsh does). used_colon: `-Name:` form.
    text: the token as written, e.g. '-Force' (used when the binder passes it as a value).
    """

    name: str
    argument: "ExpressionAst | None" = None
    used_colon: bool = False
    text: str = ""


@_node
class CommandAst(CommandBaseAst):
    """A command invocation: `[&|.] name elements... redirections`.

    elements: the command name element first (StringConstantExpressionAst bareword for `Get-Foo`,
    or any expression after `&`/`.`, e.g. `& $sb`), then CommandParameterAst / ExpressionAst
    arguments in order. A splat `@params` is a VariableExpressionAst with splatted=True. Comma-
    separated arguments form one ArrayLiteralAst.
    invocation: '&' (call), '.' (dot-source) or None.
    redirections: FileRedirectionAst / MergingRedirectionAst in order.
    """

    elements: tuple[CommandElementAst, ...]
    invocation: str | None = None
    redirections: tuple[RedirectionAst, ...] = ()

    @property
    def name_element(self) -> CommandElementAst:
        return self.elements[0]

    @property
    def command_name(self) -> str | None:
        """The name when it is a constant string (bareword or quoted), else None."""
        first = self.elements[0]
        return first.value if isinstance(first, StringConstantExpressionAst) else None


@_node
class CommandExpressionAst(CommandBaseAst):
    """An expression used as a pipeline element (only allowed first): expression + redirections."""

    expression: "ExpressionAst"
    redirections: tuple[RedirectionAst, ...] = ()


@_node
class PipelineAst(PipelineBaseAst):
    """`a | b | c`: elements are CommandBaseAst; background for a trailing `&`."""

    elements: tuple[CommandBaseAst, ...]
    background: bool = False


@_node
class PipelineChainAst(PipelineBaseAst):
    """`left && right` / `left || right` (pwsh 7). left is a PipelineAst or PipelineChainAst
    (left-assoc), op '&&' or '||', right a PipelineAst; background for a trailing `&`."""

    left: PipelineBaseAst
    op: str
    right: PipelineAst
    background: bool = False


@_node
class AssignmentStatementAst(PipelineBaseAst):
    """`left op right`.

    left: the target ExpressionAst (VariableExpressionAst, MemberExpressionAst,
    IndexExpressionAst, ConvertExpressionAst `[int]$x`, or ArrayLiteralAst for `$a, $b = ...`).
    operator: '=', '+=', '-=', '*=', '/=', '%=', '??='.
    right: a StatementAst (usually a PipelineAst; may be an IfStatementAst, another assignment...).
    """

    left: "ExpressionAst"
    operator: str
    right: StatementAst


# --------------------------------------------------------------------------- statements


@_node
class IfStatementAst(StatementAst):
    """clauses: ((condition PipelineBaseAst, StatementBlockAst), ...) for if/elseif;
    else_clause: StatementBlockAst or None."""

    clauses: tuple[tuple[PipelineBaseAst, StatementBlockAst], ...]
    else_clause: StatementBlockAst | None = None


@_node
class ForEachStatementAst(LabeledStatementAst):
    """`foreach ($variable in condition) body`; flags: e.g. ('parallel',) (lowercase)."""

    variable: "VariableExpressionAst"
    condition: PipelineBaseAst
    body: StatementBlockAst
    flags: tuple[str, ...] = ()


@_node
class ForStatementAst(LabeledStatementAst):
    """`for (initializer; condition; iterator) body`; each part a PipelineBaseAst or None."""

    initializer: PipelineBaseAst | None
    condition: PipelineBaseAst | None
    iterator: PipelineBaseAst | None
    body: StatementBlockAst


@_node
class WhileStatementAst(LabeledStatementAst):
    """`while (condition) body`."""

    condition: PipelineBaseAst
    body: StatementBlockAst


@_node
class DoWhileStatementAst(LabeledStatementAst):
    """`do body while (condition)`."""

    condition: PipelineBaseAst
    body: StatementBlockAst


@_node
class DoUntilStatementAst(LabeledStatementAst):
    """`do body until (condition)`."""

    condition: PipelineBaseAst
    body: StatementBlockAst


@_node
class SwitchStatementAst(LabeledStatementAst):
    """`switch -flags (condition) { clause-condition { body } ... default { body } }`.

    flags: lowercase names among 'regex', 'wildcard', 'exact', 'casesensitive', 'file',
    'parallel' (prefixes as written are normalized to the full name).
    condition: PipelineBaseAst in parentheses; with -file the file-name ExpressionAst wrapped in a
    PipelineAst.
    clauses: ((ExpressionAst, StatementBlockAst), ...); a clause condition is a constant, a
    bareword StringConstantExpressionAst, a variable, or a ScriptBlockExpressionAst.
    default: StatementBlockAst or None.
    """

    flags: tuple[str, ...]
    condition: PipelineBaseAst
    clauses: tuple[tuple["ExpressionAst", StatementBlockAst], ...]
    default: StatementBlockAst | None = None


@_node
class CatchClauseAst(Ast):
    """`catch [T1], [T2] { body }`: types is () for a catch-all."""

    types: tuple[TypeName, ...]
    body: StatementBlockAst

    @property
    def is_catch_all(self) -> bool:
        return not self.types


@_node
class TryStatementAst(StatementAst):
    """`try body catch... finally`: catches is a tuple of CatchClauseAst; finally_ a block or None."""

    body: StatementBlockAst
    catches: tuple[CatchClauseAst, ...] = ()
    finally_: StatementBlockAst | None = None


@_node
class TrapStatementAst(StatementAst):
    """`trap [T] { body }`: type is a TypeName or None."""

    type: TypeName | None
    body: StatementBlockAst


@_node
class ThrowStatementAst(StatementAst):
    """`throw [pipeline]`: pipeline is a PipelineBaseAst or None (rethrow in catch)."""

    pipeline: PipelineBaseAst | None = None


@_node
class ReturnStatementAst(StatementAst):
    """`return [pipeline]`."""

    pipeline: PipelineBaseAst | None = None


@_node
class ExitStatementAst(StatementAst):
    """`exit [pipeline]`."""

    pipeline: PipelineBaseAst | None = None


@_node
class BreakStatementAst(StatementAst):
    """`break [label]`: label is an ExpressionAst (a bareword StringConstantExpressionAst for
    `break outer`) or None."""

    label: "ExpressionAst | None" = None


@_node
class ContinueStatementAst(StatementAst):
    """`continue [label]`, as BreakStatementAst."""

    label: "ExpressionAst | None" = None


@_node
class FunctionDefinitionAst(StatementAst):
    """`function name [(params)] { body }` / `filter name ...`.

    name: the function name as written. is_filter: `filter` keyword (body runs as process block).
    parameters: ParameterAst from the `function f($a, $b)` form, else () (a param block lives in
    body.param_block). body: the ScriptBlockAst.
    """

    name: str
    is_filter: bool
    parameters: tuple[ParameterAst, ...]
    body: ScriptBlockAst


@_node
class DataStatementAst(StatementAst):
    """`data [$variable] [-SupportedCommand cmds] { body }`: variable name without `$` or None."""

    variable: str | None
    commands: tuple["ExpressionAst", ...]
    body: StatementBlockAst


@_node
class UsingStatementAst(StatementAst):
    """`using namespace X` / `using module X` / `using assembly X`: kind lowercase, name text."""

    kind: str
    name: str


# --------------------------------------------------------------------------- expressions


@_node
class ConstantExpressionAst(ExpressionAst):
    """A number: value is int, float or decimal.Decimal (suffix `d`); `type_hint` names the .NET
    type pwsh gives it ('int', 'long', 'decimal', 'double', 'uint', 'ulong', 'short', 'ushort',
    'byte', 'sbyte', 'bigint'). Also used for `$true` placeholders in attributes (value True)."""

    value: int | float | Decimal | bool
    type_hint: str = "int"


@_node
class StringConstantExpressionAst(ExpressionAst):
    """A non-expanding string. kind: 'bareword', 'single', 'double' (no `$` parts),
    'here-single', 'here-double'. value: the text with quotes removed and escapes applied."""

    value: str
    kind: str = "bareword"


@_node
class ExpandableStringExpressionAst(ExpressionAst):
    """A string with `$x`, `${x}` or `$(...)` parts: `"a $x b"`, here-strings, or an expandable
    bareword argument (`$dir\\file.txt`, `a$b`).

    value: the raw text between the quotes (as written). kind: 'double', 'here-double', 'bareword'.
    parts: literal str pieces (escapes applied) and ExpressionAst pieces (VariableExpressionAst,
    SubExpressionAst) in order; evaluating = concatenating the str() of each piece.
    """

    value: str
    parts: tuple["str | ExpressionAst", ...]
    kind: str = "double"


@_node
class VariableExpressionAst(ExpressionAst):
    """`$name`, `${name}`, `$scope:name`, `@name`.

    name: the name without `$`/`@` and without qualifier ('x', '_', '?', '$', '^', 'PATH').
    scope: the qualifier lowercased ('env', 'script', 'global', 'local', 'private', 'using',
    'variable', 'function', or another drive name) or None.
    splatted: `@name`. braced: written `${...}`.
    """

    name: str
    scope: str | None = None
    splatted: bool = False
    braced: bool = False

    @property
    def full_name(self) -> str:
        """`scope:name` as pwsh's VariablePath.UserPath."""
        return f"{self.scope}:{self.name}" if self.scope else self.name


@_node
class TypeExpressionAst(ExpressionAst):
    """`[T]` used as a value (e.g. the target of `[T]::Member`)."""

    type_name: TypeName


@_node
class ConvertExpressionAst(ExpressionAst):
    """A cast `[T]child`: type_name is the TypeName, child the ExpressionAst."""

    type_name: TypeName
    child: "ExpressionAst"


@_node
class AttributedExpressionAst(ExpressionAst):
    """`[ValidateNotNull()]$x` (an attribute, not a type, before an expression)."""

    attribute: AttributeAst
    child: "ExpressionAst"


@_node
class BinaryExpressionAst(ExpressionAst):
    """`left op right`. op is normalized lowercase with a dash for word operators: '-eq', '-ceq',
    '-ieq', '-like', '-and', '-or', '-xor', '-band', '-f', '-replace', '-split', '-join', '-is',
    '-as', '-shl', ...; symbols: '+', '-', '*', '/', '%', '..', '??'. Unicode dashes are
    normalized to '-'."""

    left: "ExpressionAst"
    op: str
    right: "ExpressionAst"


@_node
class UnaryExpressionAst(ExpressionAst):
    """`op child`. op: '-not', '!', '-bnot', '-' (negate), '+', '++pre', '--pre', '++post',
    '--post', ',' (unary comma: one-element array), '-split', '-join', '-csplit', '-isplit'."""

    op: str
    child: "ExpressionAst"


@_node
class TernaryExpressionAst(ExpressionAst):
    """`condition ? if_true : if_false` (pwsh 7)."""

    condition: "ExpressionAst"
    if_true: "ExpressionAst"
    if_false: "ExpressionAst"


@_node
class MemberExpressionAst(ExpressionAst):
    """`target.member`, `target::member` (static), `target?.member` (null_conditional).

    member: StringConstantExpressionAst (bareword or quoted name) or any ExpressionAst
    (`$x.$name`, `$x.($expr)`)."""

    target: "ExpressionAst"
    member: "ExpressionAst"
    static: bool = False
    null_conditional: bool = False


@_node
class InvokeMemberExpressionAst(ExpressionAst):
    """`target.member(arguments)` / `[T]::member(arguments)` (incl. `[T]::new(...)`).

    arguments: tuple of ExpressionAst (no pipelines, as in pwsh)."""

    target: "ExpressionAst"
    member: "ExpressionAst"
    arguments: tuple["ExpressionAst", ...] = ()
    static: bool = False
    null_conditional: bool = False


@_node
class IndexExpressionAst(ExpressionAst):
    """`target[index]` (`?[` is null_conditional). index may be an ArrayLiteralAst for `$a[0,1]`."""

    target: "ExpressionAst"
    index: "ExpressionAst"
    null_conditional: bool = False


@_node
class ArrayLiteralAst(ExpressionAst):
    """`a, b, c` (two or more elements)."""

    elements: tuple["ExpressionAst", ...]


@_node
class ArrayExpressionAst(ExpressionAst):
    """`@( statements )`: body is the StatementBlockAst."""

    body: StatementBlockAst


@_node
class SubExpressionAst(ExpressionAst):
    """`$( statements )`: body is the StatementBlockAst."""

    body: StatementBlockAst


@_node
class ParenExpressionAst(ExpressionAst):
    """`( pipeline )`: pipeline is a PipelineBaseAst (may be an assignment `($x = 1)`) or another
    statement pwsh allows there."""

    pipeline: StatementAst


@_node
class HashtableAst(ExpressionAst):
    """`@{ key = value; ... }`: pairs ((key ExpressionAst, value StatementAst), ...). Keys written
    as barewords are StringConstantExpressionAst(kind='bareword'). ordered: `[ordered]@{...}`."""

    pairs: tuple[tuple["ExpressionAst", StatementAst], ...] = ()
    ordered: bool = False


@_node
class ScriptBlockExpressionAst(ExpressionAst):
    """`{ ... }` as a value: script_block is the ScriptBlockAst."""

    script_block: ScriptBlockAst


# classes and enums live in nodes_types.py (imported here: they are part of this vocabulary)
from pwshim.nodes_types import FunctionMemberAst, PropertyMemberAst, TypeDefinitionAst  # noqa: E402

ALL_NODES: tuple[type[Ast], ...] = (
    NamedAttributeArgumentAst, AttributeAst, TypeConstraintAst, ParameterAst, ParamBlockAst,
    StatementBlockAst, NamedBlockAst, ScriptBlockAst,
    FileRedirectionAst, MergingRedirectionAst, CommandParameterAst, CommandAst,
    CommandExpressionAst, PipelineAst, PipelineChainAst, AssignmentStatementAst,
    IfStatementAst, ForEachStatementAst, ForStatementAst, WhileStatementAst, DoWhileStatementAst,
    DoUntilStatementAst, SwitchStatementAst, CatchClauseAst, TryStatementAst, TrapStatementAst,
    ThrowStatementAst, ReturnStatementAst, ExitStatementAst, BreakStatementAst,
    ContinueStatementAst, FunctionDefinitionAst, DataStatementAst, UsingStatementAst,
    ConstantExpressionAst, StringConstantExpressionAst, ExpandableStringExpressionAst,
    VariableExpressionAst, TypeExpressionAst, ConvertExpressionAst, AttributedExpressionAst,
    BinaryExpressionAst, UnaryExpressionAst, TernaryExpressionAst, MemberExpressionAst,
    InvokeMemberExpressionAst, IndexExpressionAst, ArrayLiteralAst, ArrayExpressionAst,
    SubExpressionAst, ParenExpressionAst, HashtableAst, ScriptBlockExpressionAst,
    PropertyMemberAst, FunctionMemberAst, TypeDefinitionAst,
)


def iter_children(node: Ast) -> Iterator[Ast]:
    """The direct child nodes of `node`, in field order (looking inside tuples and pairs)."""
    for f in fields(node):
        if f.name == "span":
            continue
        yield from _nodes_in(getattr(node, f.name))


def _nodes_in(value: object) -> Iterator[Ast]:
    if isinstance(value, Ast):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _nodes_in(item)


def walk(node: Ast) -> Iterator[Ast]:
    """`node` and all its descendants, depth first, pre-order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(iter_children(current))))
