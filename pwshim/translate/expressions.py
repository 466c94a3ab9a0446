"""Expressions: one `visit_<Node>` per expression class, each returning an `Expr`.

Where Python and PowerShell agree (literals, lists, string literals, attribute access on API
objects, `not`/`and`/`or` on booleans) the code is plain Python; where they differ (comparison
and arithmetic operators, string conversion, truthiness of unknown values) it calls `rt`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pwshim import nodes as N
from pwshim.runtime.cmdlet import snake
from pwshim.translate.code import Expr, Unsupported, escape, py_block_str, py_str

# PowerShell automatic variables read through the session (`rt.variable("Name")`).
SESSION_VARIABLES = frozenset({
    "error", "host", "psversiontable", "pwd", "lastexitcode", "?", "matches", "myinvocation",
    "executioncontext", "pshome", "psculture", "psuiculture", "ofs", "pid", "psedition",
    "iscoreclr", "islinux", "iswindows", "ismacos", "maximumhistorycount", "psstyle",
})

_COMPARISONS = {
    "-eq": "eq", "-ieq": "eq", "-ne": "ne", "-ine": "ne", "-gt": "gt", "-igt": "gt", "-ge": "ge",
    "-ige": "ge", "-lt": "lt", "-ilt": "lt", "-le": "le", "-ile": "le", "-like": "like",
    "-ilike": "like", "-notlike": "notlike", "-inotlike": "notlike", "-match": "match",
    "-imatch": "match", "-notmatch": "notmatch", "-inotmatch": "notmatch", "-contains": "contains",
    "-icontains": "contains", "-notcontains": "notcontains", "-inotcontains": "notcontains",
    "-in": "in_", "-iin": "in_", "-notin": "notin", "-inotin": "notin",
}
_ARITHMETIC = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod"}
_PY_ARITHMETIC = {"+", "-", "*"}
_NUMERIC = frozenset({"int", "float"})

# Type names whose casts read better as a Python expression.
_CAST_KINDS = {"string": "str", "system.string": "str", "int": "int", "int32": "int", "long": "int",
               "double": "float", "bool": "bool", "boolean": "bool"}



def _python_members() -> frozenset[str]:
    """Names where a wrapped value's Python attribute would answer instead of the PowerShell
    member (`lst.count` is list.count, `text.split`, `date.date`...), and PowerShell's own
    members of every value (Count, Length, Where, ForEach...), which a list would enumerate."""
    import datetime

    python = {n for t in (list, str, datetime.datetime, datetime.timedelta) for n in dir(t) if not n.startswith("_")}
    return frozenset(python | {"count", "length", "long_length", "rank", "where", "for_each", "contains", "index_of",
                               "clone", "copy_to", "get_enumerator", "get_value", "set_value", "get_length",
                               "is_fixed_size", "is_read_only", "sync_root", "is_synchronized"})


# Members of a value of unknown type read with rt.member / called with rt.call.
_PYTHON_MEMBERS = _python_members()


def is_preference(name: str) -> bool:
    return name.lower().endswith("preference")


class ExpressionMixin:
    """Mixed into Generator: expression visitors."""

    # --- provided by Generator -----------------------------------------------------------------
    names: Any
    kinds: dict[str, str]
    args_stack: list[bool]
    input_stack: list[bool]
    var_types: dict[str, str]
    item_stack: list[Expr]

    def visit(self, node: Any) -> Any:  # pragma: no cover - Generator
        raise NotImplementedError

    def use(self, what: str) -> None:  # pragma: no cover - Generator
        raise NotImplementedError

    def rt(self, fn: str, *args: str, kind: str = "any") -> Expr:
        """A call of an rt helper."""
        self.use("rt")
        return Expr(f"rt.{fn}({', '.join(args)})", kind)

    def expr(self, node: Any) -> Expr:
        result = self.visit(node)
        if not isinstance(result, Expr):
            raise Unsupported(node, f"{type(node).__name__} is not an expression here")
        return result

    # --- literals ------------------------------------------------------------------------------
    def visit_ConstantExpressionAst(self, node: N.ConstantExpressionAst) -> Expr:
        value = node.value
        if isinstance(value, bool):
            return Expr(repr(value), "bool")
        if isinstance(value, Decimal):
            return self.rt("convert", py_str(str(value)), py_str("decimal"), kind="any")
        if isinstance(value, float):
            return Expr(repr(value), "float")
        return Expr(repr(value), "int", atom=value >= 0)

    def visit_StringConstantExpressionAst(self, node: N.StringConstantExpressionAst) -> Expr:
        if node.kind.startswith("here") and "\n" in node.value:
            return Expr(py_block_str(node.value), "str")
        return Expr(py_str(node.value), "str")

    def visit_ExpandableStringExpressionAst(self, node: N.ExpandableStringExpressionAst) -> Expr:
        parts = [p for p in node.parts if p != ""]
        if len(parts) == 1 and not isinstance(parts[0], str):
            value = self.expr(parts[0])  # "$x" is just x as a string
            return value if value.kind == "str" else self.rt("text", value.code, kind="str")
        pieces: list[tuple[bool, str]] = []  # (is_code, text)
        for part in node.parts:
            if isinstance(part, str):
                pieces.append((False, part))
                continue
            value = self.expr(part)
            if value.kind in ("str", "int", "bool"):
                pieces.append((True, value.code))
            else:
                pieces.append((True, self.rt("text", value.code).code))
        block = node.kind == "here-double" and any(not is_code and "\n" in text for is_code, text in pieces)
        return Expr(f_string(pieces, block), "str")

    def visit_ArrayLiteralAst(self, node: N.ArrayLiteralAst) -> Expr:
        return Expr("[" + ", ".join(self.expr(e).code for e in node.elements) + "]", "list")

    def visit_ArrayExpressionAst(self, node: N.ArrayExpressionAst) -> Expr:
        statements = node.body.statements
        if not statements:
            return Expr("[]", "list")
        parts = [self.statement_value(s) for s in statements]
        if len(parts) == 1:
            inner = parts[0]
            if inner.kind == "list" and inner.code.startswith("["):
                return inner
            if inner.kind in ("str", "int", "float", "bool", "hashtable"):
                return Expr(f"[{inner.code}]", "list")
            return self.rt("array", inner.code, kind="list")
        elements = []
        for part in parts:
            if part.kind in ("str", "int", "float", "bool", "hashtable") or part.code.startswith("rt.custom_object(") or (
                    part.dotnet or "").startswith("script:"):
                elements.append(part.code)  # one value each
            else:
                self.use("rt")
                elements.append(f"*rt.items({part.code})")
        return Expr("[" + ", ".join(elements) + "]", "list")

    def visit_SubExpressionAst(self, node: N.SubExpressionAst) -> Expr:
        statements = node.body.statements
        if len(statements) != 1:
            raise Unsupported(node, "$(...) with several statements")
        return self.statement_value(statements[0])

    def visit_ParenExpressionAst(self, node: N.ParenExpressionAst) -> Expr:
        inner = node.pipeline
        if isinstance(inner, N.AssignmentStatementAst):
            if inner.operator == "=" and isinstance(inner.left, N.VariableExpressionAst) and inner.left.scope is None:
                name = self.variable_name(inner.left)
                value = self.statement_value(inner.right)
                self.set_kind(name, value.kind)
                return Expr(f"({name} := {value.code})", value.kind)
            raise Unsupported(node, "assignment used as a value")
        return self.statement_value(inner)  # parenthesized by its user when needed

    def visit_HashtableAst(self, node: N.HashtableAst) -> Expr:
        pairs = []
        for key, value in node.pairs:
            pairs.append(f"{self.expr(key).code}: {self.statement_value(value).code}")
        return self.rt("ordered" if node.ordered else "hashtable", "{" + ", ".join(pairs) + "}", kind="hashtable")

    def visit_ScriptBlockExpressionAst(self, node: N.ScriptBlockExpressionAst) -> Expr:
        """`{ $_.Length }` passed to a cmdlet (Sort-Object, a calculated property...) -> a lambda;
        pwshim.api runs a Python function given for a script block as one."""
        sb = node.script_block
        body = sb.end.body.statements if sb.end is not None else ()
        if sb.begin or sb.process or len(body) != 1 or not isinstance(body[0], N.PipelineAst):
            raise Unsupported(node, "script block used as a value")
        params = sb.param_block.parameters if sb.param_block else ()
        if any(p.default is not None for p in params):
            raise Unsupported(node, "script block with parameter defaults")
        names = [self.names.variable(p.name) for p in params]
        item = Expr(self.names.fresh("item", tuple(i.code for i in self.item_stack)), "object")
        self.item_stack.append(item)
        self.args_stack.append(False)
        try:
            value = self.statement_value(body[0])
        finally:
            self.item_stack.pop()
            uses_args = self.args_stack.pop()
        uses_item = item.code in _identifiers(value.code)
        if (names or uses_args) and uses_item:
            raise Unsupported(node, "script block using both arguments and $_")
        if uses_args and names:
            raise Unsupported(node, "script block using both parameters and $args")
        args = ", ".join(names) if names else ("*args" if uses_args else item.code if uses_item else "*_")
        return Expr(f"lambda {args}: {value.code}", "callable", atom=False)

    def visit_AttributedExpressionAst(self, node: N.AttributedExpressionAst) -> Expr:
        raise Unsupported(node, f"attribute [{node.attribute.type_name}] on an expression")

    # --- variables -------------------------------------------------------------------------------
    def variable_name(self, node: N.VariableExpressionAst) -> str:
        return self.names.variable(node.name)

    def visit_VariableExpressionAst(self, node: N.VariableExpressionAst) -> Expr:
        if node.splatted:
            raise Unsupported(node, "splatting outside a command")
        name = node.name.lower()
        scope = node.scope
        if scope == "env":
            self.use("os")
            return Expr(f"os.environ.get({py_str(node.name)})", "str")
        if scope not in (None, "script", "global", "local", "private"):
            raise Unsupported(node, f"variable drive '{node.scope}:'")
        if name == "true":
            return Expr("True", "bool")
        if name == "false":
            return Expr("False", "bool")
        if name == "null":
            return Expr("None", "none")
        if name == "this" and scope is None and self.class_stack:
            return self.this(node)
        if name in ("_", "psitem"):
            if not self.item_stack:
                raise Unsupported(node, "$_ outside a script block this translator handles")
            return self.item_stack[-1]
        if name == "args":
            if self.args_stack:
                self.args_stack[-1] = True  # the enclosing lambda/def takes *args
                return Expr("list(args)", "list")
            self.use("sys")
            return Expr("sys.argv[1:]", "list")
        if name == "home":
            self.use("os")
            return Expr('os.path.expanduser("~")', "str")
        if name == "psscriptroot":
            self.use("os")
            return Expr("os.path.dirname(os.path.abspath(__file__))", "str")
        if name == "pscommandpath":
            self.use("os")
            return Expr("os.path.abspath(__file__)", "str")
        if name == "input":
            if not (self.input_stack and self.input_stack[-1]):
                raise Unsupported(node, "$input outside a function")
            return self.rt("input_items", "pipeline_input", kind="list")
        if name in SESSION_VARIABLES or is_preference(name):
            return self.rt("variable", py_str(node.name))
        py = self.names.variable(node.name)
        return Expr(py, self.kinds.get(py, "any"), dotnet=self.var_types.get(py))

    # --- types -----------------------------------------------------------------------------------
    def visit_TypeExpressionAst(self, node: N.TypeExpressionAst) -> Expr:
        return Expr(self.type_alias(node.type_name, node), "type")

    def visit_ConvertExpressionAst(self, node: N.ConvertExpressionAst) -> Expr:
        type_name = str(node.type_name).lower()
        child = node.child
        if type_name in ("pscustomobject", "system.management.automation.pscustomobject") and isinstance(child, N.HashtableAst):
            pairs = ", ".join(f"{self.expr(k).code}: {self.statement_value(v).code}" for k, v in child.pairs)
            return self.rt("custom_object", "{" + pairs + "}", kind="object")
        return self.cast(node.type_name, self.expr(child))

    def cast(self, type_name: Any, value: Expr) -> Expr:
        """`[T]value`."""
        lower = str(type_name).lower()
        if lower in ("void", "system.void"):
            return Expr(value.code, "void", value.atom)
        script = self.script_type(type_name)
        if script is not None:  # [E]'name', [E]2, [C]@{...}
            code = self.rt("convert", value.code, script.py_name).code
            return Expr(code, "any") if script.is_enum else Expr(code, "object", dotnet=f"script:{script.node.name}")
        if lower in ("string", "system.string"):
            return value if value.kind == "str" else self.rt("text", value.code, kind="str")
        if lower in ("bool", "boolean", "system.boolean"):
            return value if value.kind == "bool" else self.rt("true", value.code, kind="bool")
        if lower in ("array", "object[]", "system.object[]"):
            return self.rt("array", value.code, kind="list")
        kind = _CAST_KINDS.get(lower, "object")
        return self.rt("convert", value.code, py_str(str(type_name)), kind=kind)

    # --- operators -------------------------------------------------------------------------------
    def condition(self, value: Expr) -> Expr:
        """`value` as a Python boolean with PowerShell's truthiness."""
        if value.kind in ("bool", "str", "int", "float", "object", "none"):
            return value
        return self.rt("true", value.code, kind="bool")

    def visit_BinaryExpressionAst(self, node: N.BinaryExpressionAst) -> Expr:
        op = node.op
        if op in ("-and", "-or"):
            left = self.condition(self.expr(node.left))
            right = self.condition(self.expr(node.right))
            word = "and" if op == "-and" else "or"
            return Expr(f"{_bool_operand(left)} {word} {_bool_operand(right)}", "bool", atom=False)
        if op in ("-eq", "-ne", "-ieq", "-ine") and _is_null(node.left) != _is_null(node.right):
            # `$null -eq $x`: the PowerShell idiom for "is $x null" (the operand order matters
            # only when the other side is an array, which then filters).
            other = self.expr(node.right if _is_null(node.left) else node.left)
            test = "is None" if op in ("-eq", "-ieq") else "is not None"
            return Expr(f"{other.operand()} {test}", "bool", atom=False)
        left = self.expr(node.left)
        right = self.expr(node.right)
        if op in _COMPARISONS:
            return self.rt(_COMPARISONS[op], left.code, right.code, kind="bool")
        if op in _ARITHMETIC:
            if op in _PY_ARITHMETIC and left.kind in _NUMERIC and right.kind in _NUMERIC:
                kind = "float" if "float" in (left.kind, right.kind) else "int"
                return Expr(f"{left.operand()} {op} {right.operand()}", kind, atom=False)
            if op == "+" and left.kind == "str" and right.kind == "str":
                return Expr(f"{left.operand()} + {right.operand()}", "str", atom=False)
            if op == "*" and left.kind == "str" and right.kind == "int":
                return Expr(f"{left.operand()} * {right.operand()}", "str", atom=False)  # repetition, as in PowerShell
            kind = "str" if left.kind == "str" and op == "+" else ("int" if left.kind == right.kind == "int" and op != "/" else "any")
            return self.rt(_ARITHMETIC[op], left.code, right.code, kind=kind)
        if op == "-f":
            args = right.code[1:-1] if node.right.__class__ is N.ArrayLiteralAst else right.code
            return self.rt("format", left.code, args, kind="str")
        if op in ("-replace", "-ireplace"):
            if isinstance(node.right, N.ArrayLiteralAst):
                return self.rt("replace", left.code, right.code[1:-1], kind="str")
            return self.rt("replace", left.code, right.code, kind="str")
        if op in ("-split", "-isplit"):
            return self.rt("split", left.code, right.code, kind="list")
        if op == "-join":
            return self.rt("join", left.code, right.code, kind="str")
        script = self.script_type(node.right.type_name) if isinstance(node.right, N.TypeExpressionAst) else None
        if op in ("-is", "-isnot") and script is not None:
            return Expr(f"{'not ' if op == '-isnot' else ''}isinstance({left.code}, {script.py_name})", "bool", atom=False)
        if op in ("-is", "-isnot"):
            test = self.rt("is_", left.code, py_str(_type_text(node.right)), kind="bool")
            return test if op == "-is" else Expr(f"not {test.code}", "bool", atom=False)
        if op == "-as":
            return self.rt("as_", left.code, py_str(_type_text(node.right)))
        if op == "..":
            if left.kind == right.kind == "int" and left.code.isdigit() and right.code.isdigit():
                first, last = int(left.code), int(right.code)
                if first <= last:
                    return Expr(f"list(range({first}, {last + 1}))", "list")
                return Expr(f"list(range({first}, {last - 1}, -1))", "list")
            return self.rt("range", left.code, right.code, kind="list")
        if op == "??":
            if left.atom and left.code.isidentifier():
                return Expr(f"{left.code} if {left.code} is not None else {right.operand()}", right.kind, atom=False)
            raise Unsupported(node, "?? on a complex expression")
        if op in ("-xor", "-band", "-bor", "-bxor", "-shl", "-shr"):
            kind = "bool" if op == "-xor" else "int"
            return self.rt("binary", py_str(op), left.code, right.code, kind=kind)
        if op.startswith(("-c", "-i")):
            return self.rt("compare", py_str(op), left.code, right.code, kind="bool")
        raise Unsupported(node, f"operator {op}")

    def visit_UnaryExpressionAst(self, node: N.UnaryExpressionAst) -> Expr:
        op = node.op
        if op in ("-not", "!"):
            inner = self.condition(self.expr(node.child))
            return Expr(f"not {_bool_operand(inner)}", "bool", atom=False)
        value = self.expr(node.child)
        if op == "-":
            if value.kind in _NUMERIC:
                return Expr(f"-{value.operand()}", value.kind, atom=False)
            return self.rt("mul", value.code, "-1")
        if op == "+":
            return value
        if op == ",":
            return Expr(f"[{value.code}]", "list")
        if op == "-join":
            return self.rt("join", value.code, kind="str")
        if op in ("-split", "-isplit", "-csplit"):
            return self.rt("split", value.code, kind="list")
        raise Unsupported(node, f"operator {op} inside an expression")

    def visit_TernaryExpressionAst(self, node: N.TernaryExpressionAst) -> Expr:
        test = self.condition(self.expr(node.condition))
        yes, no = self.expr(node.if_true), self.expr(node.if_false)
        kind = yes.kind if yes.kind == no.kind else "any"
        return Expr(f"{yes.operand()} if {_bool_operand(test)} else {no.operand()}", kind, atom=False)

    # --- members and indexes ---------------------------------------------------------------------
    def member_name(self, node: Any) -> str | None:
        return node.value if isinstance(node, N.StringConstantExpressionAst) else None

    def visit_MemberExpressionAst(self, node: N.MemberExpressionAst) -> Expr:
        name = self.member_name(node.member)
        target = self.expr(node.target)
        if name is None:
            return self.rt("member", target.code, self.expr(node.member).code)
        if node.static or target.kind == "type":
            if target.kind != "type":
                raise Unsupported(node, "static member of a value")
            script = self.script_type(node.target.type_name) if isinstance(node.target, N.TypeExpressionAst) else None
            if script is not None:
                return self.static_member(node, script, name)
            return Expr(f"{target.code}.{name}" if name.isidentifier() else f"getattr({target.code}, {py_str(name)})")
        script = self.script_type_of(target)
        if script is not None and not node.null_conditional:
            found = self.instance_member(node, target, script, name)
            if found is not None:
                return found
        return self.member_read(target, name, node.null_conditional)

    def member_read(self, target: Expr, name: str, null_conditional: bool = False) -> Expr:
        lower = name.lower()
        if (target.kind in ("str", "list") and lower in ("length", "count")) or (target.kind == "hashtable" and lower == "count"):
            return Expr(f"len({target.code})", "int")
        if target.kind == "hashtable" and lower not in ("count", "keys", "values"):
            return Expr(f"{target.operand()}[{py_str(name)}]")
        attr = snake(name)
        if target.kind == "object" and not null_conditional and not _is_keyword(attr) and attr not in _PYTHON_MEMBERS:
            return Expr(f"{target.operand()}.{attr}", "object")
        return self.rt("member", target.code, py_str(name), kind="object")

    def visit_InvokeMemberExpressionAst(self, node: N.InvokeMemberExpressionAst) -> Expr:
        name = self.member_name(node.member)
        if name is None:
            raise Unsupported(node, "method name computed at run time")
        target = self.expr(node.target)
        args = [self.expr(a).code for a in node.arguments]
        if node.static or target.kind == "type":
            if target.kind != "type":
                raise Unsupported(node, "static method of a value")
            script = self.script_type(node.target.type_name) if isinstance(node.target, N.TypeExpressionAst) else None
            if script is not None and name.lower() != "new":
                return self.static_call(node, script, name, args)
            if script is not None and script.is_enum:
                raise Unsupported(node, f"[{script.node.name}]::new")
            if name.lower() in ("getnames", "getvalues") and isinstance(node.target, N.TypeExpressionAst) and \
                    str(node.target.type_name).lower() in ("enum", "system.enum"):
                listed = self.enum_names(node, name, list(node.arguments))
                if listed is not None:
                    return listed
            if name.lower() == "new":
                return self.constructed(target.code, args)
            return Expr(f"{target.code}.{name}({', '.join(args)})", "object")
        lower = name.lower()
        script = self.script_type_of(target)
        if script is not None and not node.null_conditional:
            found = self.instance_call(node, target, script, name, args)
            if found is not None:
                return found
        if target.kind == "str":
            simple = {"toupper": "upper", "tolower": "lower", "trim": "strip", "trimstart": "lstrip",
                      "trimend": "rstrip", "startswith": "startswith", "endswith": "endswith", "replace": "replace"}
            if lower in simple and (lower in ("startswith", "endswith", "replace") or not args):
                return Expr(f"{target.operand()}.{simple[lower]}({', '.join(args)})", "str" if lower not in ("startswith", "endswith") else "bool")
            if lower == "contains" and len(args) == 1:
                return Expr(f"{args[0]} in {target.operand()}", "bool", atom=False)
        if lower == "tostring" and not args:
            return self.rt("text", target.code, kind="str")
        if target.kind == "callable" and lower in ("invoke", "invokereturnasis"):
            return Expr(f"{target.operand()}({', '.join(args)})")
        attr = snake(name)
        if target.kind == "object" and not node.null_conditional and not _is_keyword(attr) and attr not in _PYTHON_MEMBERS:
            kind = "void" if target.dotnet and _returns_nothing(target.dotnet, name) else "object"
            return Expr(f"{target.operand()}.{attr}({', '.join(args)})", kind)
        return self.rt("call", target.code, py_str(name), *args, kind="object")

    def visit_IndexExpressionAst(self, node: N.IndexExpressionAst) -> Expr:
        target = self.expr(node.target)
        index = self.expr(node.index)
        if target.kind in ("hashtable",) or (target.kind in ("list", "str") and index.kind == "int" and not node.null_conditional):
            return Expr(f"{target.operand()}[{index.code}]", "str" if target.kind == "str" else "any")
        return self.rt("index", target.code, index.code)


def f_string(pieces: list[tuple[bool, str]], block: bool = False) -> str:
    """An f-string for literal and code pieces (code pieces must evaluate to str, int or bool);
    a plain literal when there is no code. `block`: triple-quoted, for a multi-line here-string."""
    if not any(is_code for is_code, _ in pieces):
        literal = "".join(text for _, text in pieces)
        return py_block_str(literal) if block else py_str(literal)
    codes = [text for is_code, text in pieces if is_code]
    if block and not any('"""' in c or "\\" in c for c in codes):
        out = ['f"""']
        for is_code, text in pieces:
            literal = py_block_str(text)[3:-3]
            out.append("{" + text + "}" if is_code else literal.replace("{", "{{").replace("}", "}}"))
        return "".join(out) + '"""'
    quote = '"' if not any('"' in c for c in codes) else "'"
    if any(quote in c or "\\" in c for c in codes):
        # Python 3.11 f-strings cannot hold these: concatenate instead.
        return " + ".join(f"str({text})" if is_code else py_str(text) for is_code, text in pieces if text)
    out = ["f", quote]
    for is_code, text in pieces:
        if is_code:
            out.append("{" + text + "}")
        else:
            out.append(escape(text, quote).replace("{", "{{").replace("}", "}}"))
    out.append(quote)
    return "".join(out)


def _returns_nothing(type_name: str, method: str) -> bool:
    """Whether a bridged .NET method is void (so calling it as a statement writes nothing)."""
    import inspect

    from pwshim.runtime.dotnet import find_member
    from pwshim.runtime.types import lookup_type

    rtype = lookup_type(type_name)
    attr = find_member(rtype.cls, method) if rtype is not None else None
    if attr is None:
        return False
    try:
        annotation = inspect.signature(getattr(rtype.cls, attr)).return_annotation
    except (TypeError, ValueError):
        return False
    return annotation in (None, "None")


def _identifiers(code: str) -> set[str]:
    import re

    return set(re.findall(r"(?<![\w.])[A-Za-z_]\w*", code))


def _bool_operand(value: Expr) -> str:
    code = value.code
    if value.atom or code.startswith("not ") or " is " in code:
        return code if " and " not in code and " or " not in code else f"({code})"
    return f"({code})"


def _is_null(node: Any) -> bool:
    return isinstance(node, N.VariableExpressionAst) and node.name.lower() == "null" and node.scope is None


def _type_text(node: Any) -> str:
    if isinstance(node, N.TypeExpressionAst):
        return str(node.type_name)
    if isinstance(node, N.StringConstantExpressionAst):
        return node.value
    raise Unsupported(node, "type operand computed at run time")


def _is_keyword(name: str) -> bool:
    import keyword

    return keyword.iskeyword(name) or not name.isidentifier()
