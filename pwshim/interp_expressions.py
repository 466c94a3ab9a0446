"""Expression evaluation (mixed into the Interpreter): variables, operators, members, casts."""

from __future__ import annotations

import enum
from typing import Any

from pwshim import nodes as N
from pwshim.runtime import operators
from pwshim.runtime.conversions import to_bool, to_string
from pwshim.runtime.dotnet import CURRENT_SESSION, OverloadError, find_member, is_no_overload, type_full_name
from pwshim.runtime.errors import (
    Category,
    DivideByZeroException,
    DotNetException,
    ErrorRecord,
    MethodException,
    MethodInvocationException,
    PSError,
    RuntimeException,
    type_name_of,
)
from pwshim.runtime.objects import Hashtable, OrderedHashtable, PSObject, get_property, set_property
from pwshim.runtime.types import collection_items


def enumerate_value(value: Any) -> list[Any]:
    """What a pipeline or foreach enumerates: arrays and lists item by item; $null is nothing."""
    if value is None:
        return []
    items = collection_items(value)  # object[] and lists, byte[] as System.Byte items
    return [value] if items is None else items


def _runtime_error(message: str, error_id: str, span: Any, category: str = Category.InvalidOperation) -> PSError:
    return PSError(ErrorRecord(RuntimeException(message), error_id, category, span=span))


class ExpressionMixin:
    session: Any

    def eval(self, node: N.ExpressionAst) -> Any:
        method = getattr(self, "eval_" + type(node).__name__, None)
        if method is None:
            raise _runtime_error(f"The expression {type(node).__name__} is not supported by pwshim.",
                                 "NotSupported", node.span, Category.NotImplemented)
        return method(node)

    # --- literals ---------------------------------------------------------------------------
    def eval_ConstantExpressionAst(self, node: N.ConstantExpressionAst) -> Any:  # noqa: N802
        return node.value

    def eval_StringConstantExpressionAst(self, node: N.StringConstantExpressionAst) -> Any:  # noqa: N802
        return node.value

    def eval_ExpandableStringExpressionAst(self, node: N.ExpandableStringExpressionAst) -> Any:  # noqa: N802
        ofs = self.session.get_variable("OFS")
        sep = " " if ofs is None else to_string(ofs)
        pieces: list[str] = []
        for part in node.parts:
            if isinstance(part, str):
                pieces.append(part)
            else:
                pieces.append(to_string(self.eval(part), sep))
        return "".join(pieces)

    def eval_ArrayLiteralAst(self, node: N.ArrayLiteralAst) -> Any:  # noqa: N802
        return [self.eval(e) for e in node.elements]

    def eval_ArrayExpressionAst(self, node: N.ArrayExpressionAst) -> Any:  # noqa: N802
        collected: list[Any] = []
        self.exec_block_raising(node.body, collected.append)
        return collected

    def eval_SubExpressionAst(self, node: N.SubExpressionAst) -> Any:  # noqa: N802
        collected: list[Any] = []
        self.exec_block_raising(node.body, collected.append)
        if not collected:
            return None
        return collected[0] if len(collected) == 1 else collected

    def exec_block_raising(self, block: N.StatementBlockAst, out: Any) -> None:
        # Statements inside $( ) and @( ) report their own errors like any statement.
        self.exec_block(block, out)  # type: ignore[attr-defined]

    def eval_ParenExpressionAst(self, node: N.ParenExpressionAst) -> Any:  # noqa: N802
        inner = node.pipeline
        if isinstance(inner, N.AssignmentStatementAst):
            return self.assign(inner)
        return self.eval_statement_value(inner)  # type: ignore[attr-defined]

    def eval_HashtableAst(self, node: N.HashtableAst) -> Any:  # noqa: N802
        table = OrderedHashtable() if node.ordered else Hashtable()
        for key_node, value_stmt in node.pairs:
            key = self.eval(key_node)
            if key in table:
                raise _runtime_error(
                    f"Duplicate keys '{to_string(key)}' are not allowed in hash literals.",
                    "DuplicateKeyInHashLiteral",
                    key_node.span,
                )
            table[key] = self.eval_statement_value(value_stmt)  # type: ignore[attr-defined]
        return table

    def eval_ScriptBlockExpressionAst(self, node: N.ScriptBlockExpressionAst) -> Any:  # noqa: N802
        from pwshim.runtime.scriptblock import ScriptBlock

        return ScriptBlock(node.script_block, self.session, getattr(self, "file", None))

    def eval_TernaryExpressionAst(self, node: N.TernaryExpressionAst) -> Any:  # noqa: N802
        return self.eval(node.if_true) if to_bool(self.eval(node.condition)) else self.eval(node.if_false)

    # --- variables ----------------------------------------------------------------------------------
    def eval_VariableExpressionAst(self, node: N.VariableExpressionAst) -> Any:  # noqa: N802
        return self.get_var(node)

    def get_var(self, node: N.VariableExpressionAst) -> Any:
        scope = node.scope
        name = node.name
        if scope == "env":
            return self.session.environ.get(name) if name in self.session.environ else _env_ci(self.session.environ, name)
        if name.lower() == "true" and scope is None:
            return True
        if name.lower() == "false" and scope is None:
            return False
        if name.lower() == "null" and scope is None:
            return None
        if scope in ("global", "script"):
            target = self.session.global_scope if scope == "global" else self.session.script_scope
            entry = target.lookup(name)
            return None if entry is None else entry[1]
        if scope == "variable":
            return self.session.get_variable(name)
        if name.lower() == "pwd" and scope is None:
            from pwshim.runtime.automatic import PathInfo

            return PathInfo(self.session.cwd)
        if scope not in (None, "local", "private", "using"):
            return self._drive_variable(scope, name, node)
        return self.session.get_variable(name)

    def _drive_variable(self, drive: str, name: str, node: N.VariableExpressionAst) -> Any:
        if drive == "function":
            return self.session.functions.get(name.lower())
        raise _runtime_error(
            f"Cannot find drive. A drive with the name '{drive}' does not exist.",
            "DriveNotFound", node.span, Category.ObjectNotFound,
        )

    def set_var(self, node: N.VariableExpressionAst, value: Any) -> None:
        scope = node.scope
        if scope == "env":
            if value is None or value == "":
                self.session.environ.pop(node.name, None)
            else:
                self.session.environ[node.name] = to_string(value)
            return
        if scope is None and node.name.lower() in ("true", "false", "null"):
            if node.name.lower() == "null":
                return  # assigning to $null discards
            raise _runtime_error(
                f"Cannot overwrite variable {node.name} because it is read-only or constant.",
                "VariableNotWritable", node.span, Category.WriteError,
            )
        constraint = self.session.type_constraints.get(node.name.lower()) if hasattr(self.session, "type_constraints") else None
        if constraint is not None:
            value = self._convert(value, constraint, node.span)
        self.session.set_variable(node.name, value, scope if scope in ("global", "script", "local", "private") else None)

    # --- operators -------------------------------------------------------------------------------------
    def eval_BinaryExpressionAst(self, node: N.BinaryExpressionAst) -> Any:  # noqa: N802
        op = node.op
        if op in ("-and", "-or"):
            left = to_bool(self.eval(node.left))
            if op == "-and" and not left:
                return False
            if op == "-or" and left:
                return True
            return to_bool(self.eval(node.right))
        if op == "??":
            left = self.eval(node.left)
            return self.eval(node.right) if left is None else left
        left = self.eval(node.left)
        right = self.eval(node.right)
        try:
            return operators.binary(op, left, right, self.session)
        except PSError:
            raise
        except DotNetException as exc:
            raise _op_error(exc, node.span) from None

    def eval_UnaryExpressionAst(self, node: N.UnaryExpressionAst) -> Any:  # noqa: N802
        op = node.op
        if op in ("++pre", "--pre", "++post", "--post"):
            old = self.eval(node.child)
            new = operators.binary("+" if op.startswith("++") else "-", old if old is not None else 0, 1)
            self.assign_to(node.child, new)
            return new if op.endswith("pre") else old
        value = self.eval(node.child)
        try:
            return operators.unary(op, value)
        except DotNetException as exc:
            raise _op_error(exc, node.span) from None

    # --- types -----------------------------------------------------------------------------------------
    def resolve_type_name(self, tn: N.TypeName, span: Any) -> Any:
        from pwshim.runtime.types import lookup_type

        rtype = lookup_type(str(tn))
        if rtype is None:
            for ns in self.session.extensions.get("using_namespaces", []):
                rtype = lookup_type(f"{ns}.{tn}")
                if rtype is not None:
                    break
        if rtype is None:
            raise PSError(
                ErrorRecord(RuntimeException(f"Unable to find type [{tn}]."), "TypeNotFound",
                            Category.InvalidOperation, span=span)
            )
        return rtype

    def eval_TypeExpressionAst(self, node: N.TypeExpressionAst) -> Any:  # noqa: N802
        return self.resolve_type_name(node.type_name, node.span)

    def eval_ConvertExpressionAst(self, node: N.ConvertExpressionAst) -> Any:  # noqa: N802
        rtype = self.resolve_type_name(node.type_name, node.span)
        if isinstance(node.child, N.VariableExpressionAst) and rtype.FullName == "System.Management.Automation.PSReference":
            return self._reference_to(node.child)
        value = self.eval(node.child)
        if isinstance(node.child, N.HashtableAst) and rtype.cls is PSObject:
            return PSObject(list(value.items()))
        return self._convert(value, rtype, node.span)

    def _reference_to(self, var: N.VariableExpressionAst) -> Any:
        """`[ref]$x`: a reference to the variable itself (created, as $null, when missing)."""
        from pwshim.dotnet.reference import PSReference

        session = self.session
        scope = var.scope if var.scope and var.scope.lower() in ("global", "script", "local", "private") else None
        entry = (session._scope_for(scope) if scope else session.scope).lookup(var.name)
        if entry is None:
            session.set_variable(var.name, None, scope)
            entry = session._scope_for(scope).lookup(var.name)
        return PSReference.to_variable(entry)

    def _convert(self, value: Any, rtype: Any, span: Any) -> Any:
        from pwshim.runtime.types import convert_to

        try:
            result = convert_to(value, rtype)
        except DotNetException as exc:
            from pwshim.runtime.errors import PSInvalidCastException

            # pwsh raises PSInvalidCastException (a RuntimeException) for a failed cast
            raise PSError(ErrorRecord(PSInvalidCastException(str(exc), exc),
                                      "ConvertToFinalInvalidCastException" if "Cannot convert" in str(exc)
                                      else type_name_of(exc).rsplit(".", 1)[-1],
                                      Category.InvalidArgument, span=span)) from None
        if rtype.cls is str and result is None:
            return ""
        return result

    def eval_AttributedExpressionAst(self, node: N.AttributedExpressionAst) -> Any:  # noqa: N802
        return self.eval(node.child)

    # --- members -----------------------------------------------------------------------------------------
    def _member_name(self, member: N.ExpressionAst) -> str:
        if isinstance(member, N.StringConstantExpressionAst):
            return member.value
        return to_string(self.eval(member))

    def eval_MemberExpressionAst(self, node: N.MemberExpressionAst) -> Any:  # noqa: N802
        target = self.eval(node.target)
        name = self._member_name(node.member)
        if node.static:
            return self.static_member(target, name, node.span)
        if target is None:
            # $null.Count is 0 (pwsh 3+ treats $null as an empty collection there)
            return 0 if name.lower() in ("count", "length") else None
        if isinstance(target, dict | Hashtable):
            # a dictionary's member is first its key as written, not only as a string:
            # `$Matches.1`, `$h.$n` with `$n = 1` (pwsh's PSObject adapter for IDictionary)
            raw = node.member.value if isinstance(node.member, N.ConstantExpressionAst) else (
                self.eval(node.member) if not isinstance(node.member, N.StringConstantExpressionAst) else None)
            if raw is None and name.isdecimal():
                raw = int(name)
            if raw is not None and not isinstance(raw, str):
                try:
                    if raw in target:
                        return target[raw]
                except TypeError:
                    pass
        return self.get_member(target, name)

    def get_member(self, target: Any, name: str) -> Any:
        """Property read with member enumeration over collections (pwsh 3+)."""
        try:
            return get_property(target, name)
        except KeyError:
            pass
        except DotNetException as exc:
            # a property getter that throws (pwsh: GetValueInvocationException)
            raise PSError(ErrorRecord(
                RuntimeException(f'Exception getting "{name}": "{exc}"'),
                "ExceptionWhenGetting", Category.NotSpecified)) from None
        if isinstance(target, list | tuple):
            results: list[Any] = []
            for item in target:
                if item is None:
                    continue
                value = self.get_member(item, name)
                if value is None:
                    continue
                if isinstance(value, list | tuple):
                    results.extend(value)
                else:
                    results.append(value)
            if not results:
                return None
            return results[0] if len(results) == 1 else results
        return None

    def static_member(self, target: Any, name: str, span: Any) -> Any:
        from pwshim.runtime.types import RuntimeType

        if not isinstance(target, RuntimeType):
            return self.get_member(target, name)
        cls = target.cls
        attr = find_member(cls, name)
        if attr is None:
            from pwshim.dotnet.primitives import builtin_static

            found, value = builtin_static(target, name)
            if found:
                return value
            return None
        value = getattr(cls, attr)
        if isinstance(value, property):
            return None
        return value

    def eval_InvokeMemberExpressionAst(self, node: N.InvokeMemberExpressionAst) -> Any:  # noqa: N802
        target = self.eval(node.target)
        name = self._member_name(node.member)
        args = [self.eval(a) for a in node.arguments]
        return self.invoke_method(target, name, args, node.static, node.span, node.null_conditional)

    def invoke_method(self, target: Any, name: str, args: list[Any], static: bool, span: Any,
                      null_conditional: bool = False) -> Any:
        from pwshim.runtime import builtins_members
        from pwshim.runtime.types import RuntimeType

        if target is None:
            if null_conditional:
                return None
            raise _runtime_error("You cannot call a method on a null-valued expression.",
                                 "InvokeMethodOnNull", span)
        fn = None
        type_label = type_full_name(target)
        call_name = name  # what an overload error names ("new"); failures inside say ".ctor"
        CURRENT_SESSION.set(self.session)  # [Environment] reads this session's $env:
        if static:
            if not isinstance(target, RuntimeType):
                raise _runtime_error(f"Unable to find type [{to_string(target)}].", "TypeNotFound", span)
            type_label = target.FullName
            if name.lower() == "new":
                fn = self._constructor(target, span)
                name = ".ctor"
            else:
                attr = find_member(target.cls, name)
                if attr is not None:
                    fn = getattr(target.cls, attr)
                else:
                    from pwshim.dotnet.primitives import builtin_static_method

                    fn = builtin_static_method(target, name)
        else:
            if isinstance(target, RuntimeType):
                attr = find_member(target, name)
                fn = getattr(target, attr) if attr else None
            else:
                attr = find_member(target, name)
                if attr is not None:
                    fn = getattr(target, attr)
                    if not callable(fn):
                        fn = None
            if fn is None:
                fn = builtins_members.method(target, name)
            if fn is None and name.lower() in ("foreach", "where") and collection_items(target) is not None:
                return self._magic_method(collection_items(target), name.lower(), args)
        if fn is None:
            raise _runtime_error(
                f"Method invocation failed because [{type_label}] does not contain a method named '{name}'.",
                "MethodNotFound", span,
            )
        try:
            result = fn(*args)
        except PSError:
            raise
        except OverloadError as exc:
            message, error_id = exc.describe(call_name, len(args))
            raise PSError(ErrorRecord(MethodException(message), error_id, Category.NotSpecified, span=span)) from None
        except DotNetException as exc:
            if name == ".ctor" and is_no_overload(exc):
                raise PSError(ErrorRecord(
                    MethodException(f'Cannot find an overload for "new" and the argument count: "{len(args)}".'),
                    "MethodCountCouldNotFindBest", Category.NotSpecified, span=span)) from None
            raise PSError(
                ErrorRecord(
                    MethodInvocationException(
                        f'Exception calling "{name}" with "{len(args)}" argument(s): "{exc}"', exc
                    ),
                    type_name_of(exc).rsplit(".", 1)[-1],
                    Category.NotSpecified,
                    span=span,
                )
            ) from None
        except TypeError as exc:
            if "argument" in str(exc) or "positional" in str(exc):
                raise PSError(ErrorRecord(
                    MethodException(f'Cannot find an overload for "{call_name}" and the argument count: "{len(args)}".'),
                    "MethodCountCouldNotFindBest", Category.NotSpecified, span=span)) from None
            raise
        return result

    def _constructor(self, rtype: Any, span: Any) -> Any:
        from pwshim.dotnet.primitives import builtin_constructor

        ctor = builtin_constructor(rtype)
        if ctor is not None:
            return ctor
        cls = rtype.cls
        if rtype.is_array or not isinstance(cls, type):
            raise _runtime_error(f"Cannot create type [{rtype.FullName}].", "CannotCreateType", span)
        return cls

    def _magic_method(self, items: Any, name: str, args: list[Any]) -> Any:
        from pwshim.runtime.scriptblock import ScriptBlock

        sb = args[0] if args else None
        if not isinstance(sb, ScriptBlock):
            return list(items)
        if name == "where":
            return [item for item in items if to_bool(_single(sb.invoke(dollar_under=item)))]
        out: list[Any] = []
        for item in items:
            out.extend(sb.invoke(dollar_under=item))
        return out

    # --- indexing --------------------------------------------------------------------------------------
    def eval_IndexExpressionAst(self, node: N.IndexExpressionAst) -> Any:  # noqa: N802
        target = self.eval(node.target)
        index = self.eval(node.index)
        if target is None:
            if node.null_conditional:
                return None
            raise _runtime_error("Cannot index into a null array.", "NullArray", node.span)
        return index_value(target, index)

    # --- assignment -----------------------------------------------------------------------------------
    def assign(self, node: N.AssignmentStatementAst) -> Any:
        op = node.operator
        if op == "=":
            value = self._assigned_value(node.right)
            if isinstance(node.left, N.ArrayLiteralAst):
                self._multi_assign(node.left, value)
                return value
        elif op == "??=":
            current = self.eval(node.left)
            if current is not None:
                return current
            value = self._assigned_value(node.right)
        else:
            current = self.eval(node.left)
            right = self._assigned_value(node.right)
            try:
                value = operators.binary(op[0], current, right, self.session)
            except DotNetException as exc:
                raise _op_error(exc, node.span) from None
        self.assign_to(node.left, value)
        return value

    def _assigned_value(self, right: N.StatementAst) -> Any:
        """The right side's value; an assignment there (`$c = $d = 5`) assigns, and its value
        is what it assigned (pwsh's chained assignment)."""
        if isinstance(right, N.AssignmentStatementAst):
            return self.assign(right)
        return self.eval_statement_value(right)  # type: ignore[attr-defined]

    def _multi_assign(self, left: N.ArrayLiteralAst, value: Any) -> None:
        items = enumerate_value(value)
        targets = left.elements
        for i, target in enumerate(targets):
            if i == len(targets) - 1:
                rest = items[i:]
                self.assign_to(target, rest[0] if len(rest) == 1 else (rest if rest else None))
            else:
                self.assign_to(target, items[i] if i < len(items) else None)

    def assign_to(self, target: N.ExpressionAst, value: Any) -> None:
        if isinstance(target, N.VariableExpressionAst):
            self.set_var(target, value)
        elif isinstance(target, N.ConvertExpressionAst) and isinstance(target.child, N.VariableExpressionAst):
            rtype = self.resolve_type_name(target.type_name, target.span)
            self.session.type_constraints[target.child.name.lower()] = rtype
            self.set_var(target.child, value)
        elif isinstance(target, N.MemberExpressionAst):
            obj = self.eval(target.target)
            name = self._member_name(target.member)
            if target.static and _set_static(obj, name, value):
                return
            if obj is None:
                raise _runtime_error(f"The property '{name}' cannot be found on this object. Verify that the property exists and can be set.",
                                     "PropertyAssignmentException", target.span)
            try:
                set_property(obj, name, value)
            except KeyError:
                if isinstance(obj, PSObject):
                    obj.set(name, value)
                    return
                raise _runtime_error(
                    f"The property '{name}' cannot be found on this object. Verify that the property exists and can be set.",
                    "PropertyNotFound", target.span,
                ) from None
            except (AttributeError, DotNetException) as exc:
                raise _runtime_error(
                    f"'{name}' is a ReadOnly property." if isinstance(exc, AttributeError) else str(exc),
                    "PropertyAssignmentException", target.span,
                ) from None
        elif isinstance(target, N.IndexExpressionAst):
            obj = self.eval(target.target)
            index = self.eval(target.index)
            if isinstance(obj, dict | Hashtable):
                obj[index] = value
            elif isinstance(obj, list):
                i = int(index)
                if not -len(obj) <= i < len(obj):
                    raise _runtime_error("Index was outside the bounds of the array.", "IndexOutOfRange", target.span)
                obj[i] = value
            else:
                raise _runtime_error(f"Unable to index into an object of type {type_full_name(obj)}.",
                                     "CannotIndex", target.span)
        elif isinstance(target, N.ParenExpressionAst | N.ArrayLiteralAst):
            raise _runtime_error("The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                                 "InvalidLeftHandSide", target.span)
        else:
            raise _runtime_error("The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                                 "InvalidLeftHandSide", target.span)


def index_value(target: Any, index: Any) -> Any:
    """`$x[i]`: arrays (negative and multiple indexes), strings, hashtables."""
    if isinstance(target, dict | Hashtable):
        if isinstance(index, list):
            return [target.get(k) for k in index]
        return target.get(index) if not isinstance(target, dict) else target.get(index)
    if isinstance(target, PSObject):
        return target.get(to_string(index))
    if hasattr(target, "ps_index"):  # a bridged collection with its own indexer (GroupCollection)
        return target.ps_index(index)
    if isinstance(target, list | tuple | str | bytes | bytearray):
        if isinstance(index, list):
            out = [index_value(target, i) for i in index]
            return [v for v in out if v is not None]
        try:
            i = int(index.value if isinstance(index, enum.Enum) else index)
        except (TypeError, ValueError):
            return None
        if -len(target) <= i < len(target):
            return target[i] if not isinstance(target, bytes | bytearray) else _byte(target[i])
        return None
    indexer = getattr(target, "__getitem__", None)
    if indexer is not None:
        try:
            return indexer(index)
        except (KeyError, IndexError, TypeError):
            return None
    if index == 0 or index == -1:
        return target  # pwsh: a scalar indexes as a one-element array
    return None


def _byte(value: int) -> Any:
    from pwshim.runtime.types import _Byte

    return _Byte(value)


def _single(out: list[Any]) -> Any:
    return out[0] if len(out) == 1 else out


def _env_ci(environ: Any, name: str) -> Any:
    return None


def _set_static(rtype: Any, name: str, value: Any) -> bool:
    """`[Class]::Prop = value` for a static property of a script-defined class."""
    from pwshim.runtime.types import RuntimeType

    cls = rtype.cls if isinstance(rtype, RuntimeType) else None
    if cls is None or not hasattr(cls, "__ps_members__"):
        return False
    attr = find_member(cls, name)
    if attr is None or callable(getattr(cls, attr, None)):
        return False
    setattr(cls, attr, value)
    return True


def _op_error(exc: DotNetException, span: Any) -> PSError:
    """An operator's failure as pwsh reports it: dividing by zero is a RuntimeException of
    category NotSpecified (so ConciseView shows `RuntimeException:`), the rest InvalidOperation."""
    if isinstance(getattr(exc, "inner", None), DivideByZeroException):
        return PSError(ErrorRecord(exc, "RuntimeException", Category.NotSpecified, span=span))
    error_id = getattr(exc, "error_id", None) or type_name_of(exc).rsplit(".", 1)[-1]  # InvalidRegularExpression
    return PSError(ErrorRecord(exc, error_id, Category.InvalidOperation, span=span))
