"""Turn an LALR failure into pwsh's parse error: id and text from ParserStrings.resx, position
as pwsh reports it (the offending token, or just after the last token at the end of input)."""

from __future__ import annotations

from pwshim.lexer import Lexer, Tok

_BINARY = {"OP_LOGICAL", "OP_BITWISE", "OP_CMP", "OP_COALESCE", "PLUS", "MINUS", "OP_MUL",
           "OP_FORMAT", "DOTDOT", "ASSIGN"}
_UNARY = {"UNARY_NOT", "UNARY_BNOT", "UNARY_SPLITJOIN", "INC", "DEC"}
_EXPR_START = {"NUMBER", "STRING", "EXPSTRING", "VARIABLE", "LPAREN", "SUBEXPR_OPEN",
               "ARRAY_OPEN", "HASH_OPEN", "LBRACE", "TYPE", "CAST_TYPE", "UNARY_NOT", "MINUS"}
_UNEXPECTED = "Unexpected token '{0}' in expression or statement."

# the error for text ending inside an open bracket, by bracket kind (and owner)
_OPEN_ERRORS = {
    "block": ("MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition."),
    "hash": ("MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition."),
    "switch": ("MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition."),
    "paren": ("MissingEndParenthesisInExpression", "Missing closing ')' in expression."),
    "subexpr": ("MissingEndParenthesisInSubexpression", "Missing closing ')' in subexpression."),
    "call": ("MissingEndParenthesisInMethodCall", "Missing ')' in method call."),
    "index": ("MissingEndSquareBracket", "Missing ']' after array index expression."),
    "params": ("MissingEndParenthesisInFunctionParameterList", "Missing ')' in function parameter list."),
    "attr": ("EndSquareBracketExpectedAtEndOfAttribute", "Missing ] at end of attribute or type literal."),
    "attr_br": ("EndSquareBracketExpectedAtEndOfAttribute", "Missing ] at end of attribute or type literal."),
    "foreach": ("MissingEndParenthesisAfterForeach", "Missing closing ')' after expression part of foreach loop.\nThe correct form is: foreach ($a in $b) {...}"),
}
_FOREACH_FORM = "\nThe correct form is: foreach ($a in $b) {...}"


def _after(tok: Tok | None) -> tuple[int, int]:
    if tok is None:
        return 0, 0
    return tok.end_pos, tok.end_pos


def _at(tok: Tok) -> tuple[int, int]:
    return tok.start_pos, tok.end_pos


def _owner(tok: Tok | None) -> str | None:
    ctx = getattr(tok, "data", None)
    return getattr(ctx, "owner", None)


def describe(tok: Tok | None, prev: Tok | None, expected: set[str], lexer: Lexer) -> tuple[str, str, int, int]:
    """(error id, message, start offset, end offset) for a failure at `tok` (None = end of
    input) after `prev`."""
    eof = tok is None
    pt = prev.type if prev is not None else None
    here = _after(prev) if eof else _at(tok)

    if pt in _BINARY and (eof or tok.type not in _EXPR_START):
        op = prev.data if isinstance(prev.data, str) else prev.value
        return "ExpectedValueExpression", f"You must provide a value expression following the '{op}' operator.", *_after(prev)
    if pt == "COMMA" and prev.data == "arg" and (eof or tok.type not in _EXPR_START):
        # a trailing comma in command arguments (`gcm -a: 1,`)
        return "MissingExpression", "Missing expression after ',' in pipeline element.", *_after(prev)
    if pt == "COMMA" and expected and expected <= {"TYPE"}:
        return "MissingTypeLiteralToken", "Missing type literal.", *_after(prev)
    if pt in ("COMMA", "ARG_SEP") and (eof or tok.type not in _EXPR_START):
        return "MissingExpressionAfterToken", "Missing expression after ','.", *_after(prev)
    if not eof and tok.type == "COMMA" and tok.data == "arg" and pt == "GENERIC":
        return "MissingArgument", "Missing argument in parameter list.", *_at(tok)
    if pt == "QUESTION" or pt == "COLON" and (eof or tok.type not in _EXPR_START):
        return "ExpectedValueExpression", f"You must provide a value expression following the '{prev.value}' operator.", *_after(prev)
    if "COLON" in expected and eof and pt not in (None, "QUESTION"):
        # [verify] text: ParserStrings MissingColonInTernaryExpression was not available here
        return "MissingColonInTernaryExpression", "Missing ':' in ternary expression.", *_after(prev)
    if pt in _UNARY and (eof or tok.type not in _EXPR_START):
        op = prev.data if isinstance(prev.data, str) else prev.value
        return "MissingExpressionAfterOperator", f"Missing expression after unary operator '{op}'.", *_after(prev)
    if pt == "PIPE" and (eof or tok.type in ("PIPE", "_NEWLINE", "_SEMI", "RPAREN", "RBRACE")):
        return "EmptyPipeElement", "An empty pipe element is not allowed.", *_after(prev)
    if not eof and tok.type == "PIPE" and pt in (None, "_NEWLINE", "_SEMI", "LBRACE", "LPAREN"):
        return "EmptyPipeElement", "An empty pipe element is not allowed.", *_at(tok)
    if pt == "PARAMETER_COLON":
        return "ParameterRequiresArgument", f"Parameter -{prev.data[0]} requires an argument.", *_after(prev)
    if pt in ("MEMBER_DOT", "STATIC_DOT", "NULL_DOT"):
        return "MissingPropertyName", "Missing property name after reference operator.", *_after(prev)
    if pt == "REDIR_FILE":
        return "MissingFileSpecification", "Missing file specification after redirection operator.", *_after(prev)
    if pt == "REDIR_IN":
        return "RedirectionNotSupported", "The '<' operator is reserved for future use.", *_at(prev)
    if not eof and tok.type == "SPLAT":
        name = tok.data.name
        return "SplattingNotPermitted", f"The splatting operator '@' cannot be used to reference variables in an expression. '@{name}' can be used only as an argument to a command. To reference variables in an expression use '${name}'.", *_at(tok)
    if pt == "PIPE" and not eof and tok.type in _EXPR_START:
        return "ExpressionsMustBeFirstInPipeline", "Expressions are only allowed as the first element of a pipeline.", *_at(tok)
    if pt == "PARAMETER" and eof and lexer.pending_switch == len(lexer.stack):
        flag = prev.data[0].lower()
        if not flag or not any(f.startswith(flag) for f in ("regex", "wildcard", "exact", "casesensitive", "file", "parallel")):
            return "InvalidSwitchFlag", f"The parameter {prev.value} is not valid for the switch statement.", *_at(prev)
        if "file".startswith(flag):
            return "MissingFilenameOption", "Cannot process the 'switch' statement because of a missing file name argument to the -file option.", *_after(prev)
        return "PipelineValueRequired", _SWITCH_VALUE, *_after(prev)
    keyword = _keyword_error(tok, prev, expected, eof)
    if keyword is not None:
        error_id, message, where = keyword
        return error_id, message, *where
    if eof or tok.type in ("RPAREN", "RBRACE", "RBRACKET"):
        opened = _open_context(lexer, tok)
        if opened is not None:
            error_id, message, where = opened
            return error_id, message, *where
    if eof:
        return "IncompleteInput", "The statement is not complete.", *here
    return "UnexpectedToken", _UNEXPECTED.format(tok.value), *here


def _keyword_error(tok: Tok | None, prev: Tok | None, expected: set[str], eof: bool):
    pt = prev.type if prev is not None else None
    after = _after(prev)
    if pt in ("KW_IF", "KW_ELSEIF"):
        return "MissingOpenParenthesisInIfStatement", f"Missing '(' after '{prev.value}' in if statement.", after
    if pt in ("KW_WHILE", "KW_FOR", "KW_UNTIL") and "LPAREN" in expected:
        return "MissingOpenParenthesisAfterKeyword", f"Missing opening '(' after keyword '{prev.value}'.", after
    if pt == "KW_FOREACH":
        return "MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword 'foreach'.", after
    owner = _owner_of_open(prev)
    if pt == "LPAREN" and owner in ("if", "elseif") and (eof or tok.type == "RPAREN"):
        return "IfStatementMissingCondition", f"Missing condition in if statement after '{owner} ('.", after
    if pt == "LPAREN" and owner in ("while", "dowhile", "dountil") and (eof or tok.type == "RPAREN"):
        return "MissingExpressionAfterKeyword", f"Missing expression after '{owner.removeprefix('do')}' in loop.", after
    if pt == "LPAREN" and owner == "switch" and (eof or tok.type == "RPAREN"):
        return "PipelineValueRequired", _SWITCH_VALUE, after
    if pt == "KW_SWITCH":
        return "PipelineValueRequired", _SWITCH_VALUE, after
    if pt == "KW_DO":
        return "MissingLoopStatement", "Missing statement body in do loop.", after
    if pt == "TYPE" and expected and "LBRACE" in expected and "COMMA" not in expected:
        return "MissingTrapStatement", "The 'trap' statement was incomplete. A trap statement requires a body.", after
    if pt == "LBRACE" and getattr(prev.data, "kind", "") == "switch" and (eof or tok.type == "RBRACE"):
        return "MissingSwitchConditionExpression", "Missing condition in switch statement clause.", after
    if "LBRACE" in expected and "KW_DEFAULT" not in expected and _in_switch_body(tok, prev):
        return "MissingSwitchStatementClause", "Missing statement block in switch statement clause.", after
    if pt == "RPAREN" and "LBRACE" in expected:
        owner = _owner(prev)
        if owner in ("if", "elseif"):
            return "MissingStatementBlock", f"Missing statement block after {owner} ( condition ).", after
        if owner == "foreach":
            return "MissingForeachStatement", "Missing statement body in foreach loop." + _FOREACH_FORM, after
        if owner in ("while", "for"):
            return "MissingLoopStatement", f"Missing statement body in {owner} loop.", after
        if owner == "switch":
            return "MissingCurlyBraceInSwitchStatement", "Missing '{' in switch statement.", after
    if pt == "KW_ELSE":
        return "MissingStatementBlockAfterElse", "Missing statement block after 'else' keyword.", after
    if pt == "KW_TRY":
        return "MissingTryStatementBlock", "The Try statement is missing its statement block.", after
    if pt == "KW_CATCH" or (pt == "TYPE" and "LBRACE" in expected and "COMMA" in expected):
        return "MissingCatchHandlerBlock", "The Catch block is missing its statement block.", after
    if pt == "KW_FINALLY":
        return "MissingFinallyStatementBlock", "The Finally block is missing its statement block.", after
    if pt == "KW_TRAP":
        return "MissingTrapStatement", "The 'trap' statement was incomplete. A trap statement requires a body.", after
    if pt in ("KW_FUNCTION", "KW_FILTER"):
        return "MissingNameAfterKeyword", f"Missing name after {prev.value.lower()} keyword.", after
    if pt in ("KW_BEGIN", "KW_PROCESS", "KW_END", "KW_CLEAN", "KW_DYNAMICPARAM"):
        return "MissingNamedStatementBlock", f"Missing statement block after '{prev.value}'.", after
    if pt == "RBRACE" and "KW_CATCH" in expected and "KW_FINALLY" in expected:
        return "MissingCatchOrFinally", "The Try statement is missing its Catch or Finally block.", after
    if pt == "RBRACE" and expected and expected <= {"KW_WHILE", "KW_UNTIL"}:
        return "MissingWhileOrUntilInDoWhile", "Missing while or until keyword in do loop.", after
    if expected and expected <= {"LBRACE", "LPAREN"} and pt in ("GENERIC", "RPAREN"):
        return "MissingFunctionBody", "Missing function body in function declaration.", after
    if "KW_IN" in expected and pt == "VARIABLE":
        return "MissingInInForeach", "Missing 'in' after variable in foreach loop." + _FOREACH_FORM, after
    if expected == {"VARIABLE"} and pt == "LPAREN":
        return "MissingVariableNameAfterForeach", "Missing variable name after foreach." + _FOREACH_FORM, after
    if pt == "KW_IN" and (eof or tok.type == "RPAREN"):
        return "MissingForeachExpression", "Missing expression in foreach loop." + _FOREACH_FORM, after
    if pt == "LPAREN" and (eof or tok.type == "RPAREN") and "RPAREN" not in expected:
        return "ExpectedExpression", "An expression was expected after '('.", after
    if pt == "INDEX_OPEN" and (eof or tok.type == "RBRACKET"):
        return "MissingArrayIndexExpression", "Array index expression is missing or not valid.", after
    if pt == "HASH_OPEN" or (pt in ("_NEWLINE", "_SEMI") and "ASSIGN" not in expected and not eof and tok.type == "ASSIGN"):
        pass
    if "ASSIGN" in expected and len(expected) <= 3 and not eof and tok is not None and tok.type not in ("RBRACE",):
        return "MissingEqualsInHashLiteral", "Missing '=' operator after key in hash literal.", _at(tok)
    return None


_SWITCH_VALUE = "A switch statement must have one of the following:  '-file file_name' or '( expression )'."


def _in_switch_body(tok: Tok | None, prev: Tok | None) -> bool:
    """Whether the failure is right after a switch clause condition (its `{ }` is missing)."""
    if tok is not None and tok.type == "RBRACE":
        return getattr(tok.data, "kind", "") == "switch"
    return prev is not None and prev.type not in ("RBRACE", "LBRACE") and tok is None and \
        getattr(prev, "_switch", False)


def _owner_of_open(tok: Tok | None) -> str | None:
    return getattr(getattr(tok, "data", None), "owner", None)


def _open_context(lexer: Lexer, tok: Tok | None):
    """The error for the innermost bracket still open (at the end of input or at a mismatched
    closer)."""
    if len(lexer.stack) <= 1:
        return None
    ctx = lexer.stack[-1]
    kind = ctx.kind
    if kind == "paren" and ctx.owner in ("if", "elseif", "while", "for", "switch", "dowhile", "dountil"):
        name = ctx.owner.removeprefix("do") if ctx.owner.startswith("do") else ctx.owner
        where = _after(lexer.prev) if tok is None else _at(tok)
        return "MissingEndParenthesisAfterStatement", f"Missing closing ')' after expression in '{name}' statement.", where
    error_id, message = _OPEN_ERRORS.get(kind, _OPEN_ERRORS["paren"])
    if kind == "hash" and ctx.open_tok is not None:
        where = _after(ctx.open_tok)  # pwsh: just after `@{` (Parsing.Tests.ps1)
    elif kind == "switch" and tok is None and lexer.prev is not None and lexer.prev is not ctx.open_tok \
            and lexer.prev.type != "RBRACE":
        return "MissingSwitchStatementClause", "Missing statement block in switch statement clause.", _after(lexer.prev)
    elif kind in ("block", "switch") and ctx.open_tok is not None:
        where = _at(ctx.open_tok)  # pwsh underlines the unclosed `{`
    elif tok is None:
        where = _after(lexer.prev)
    else:
        where = _at(tok)
    return error_id, message, where
