"""Parse cases: source -> tree shape (see conftest.sexp for the notation)."""

from __future__ import annotations

import pytest

from pwshim import nodes as N
from pwshim.parser import parse

CASES = [
    # statements, assignment, precedence (reference §3.11)
    ("$x = 1 + 2 * 3", "(= $x (+ 1 (* 2 3)))"),
    ("1,2+3", "(+ (, 1 2) 3)"),
    ("-not $a -and $b -or $c", "(-or (-and (-not $a) $b) $c)"),
    ("$a -band 1 -eq 1", "(-band $a (-eq 1 1))"),
    ("1..3 -f 2", "(-f (.. 1 3) 2)"),
    ("$a ?? $b + 1", "(?? $a (+ $b 1))"),
    ("$x = $a ? 1 : 2", "(= $x (Ternary condition=$a if_true=1 if_false=2))"),
    ("$a, $b = 1, 2", "(= (, $a $b) (, 1 2))"),
    ("$x += 1; $y -= 2", "(+= $x 1); (-= $y 2)"),
    ("$i++; --$j", "(++post $i); (--pre $j)"),
    ("-5; -$x", "-5; (- $x)"),
    ("!$a", "(! $a)"),
    ("-split 'a b'", "(-split 'a b')"),
    ("$x -replace 'a', 'b'", "(-replace $x (, 'a' 'b'))"),
    ("$a -CEQ $b -ine $c", "(-ine (-ceq $a $b) $c)"),
    ("$x = if ($a) { 1 } else { 2 }", "(= $x (If clauses=[($a 1)] else_clause=2))"),
    ("$x = Get-Foo -A b", "(= $x (cmd Get-Foo -A b))"),
    # literals
    ("0x10; 0xFFFFFFFF; 1kb; 1.5; 1e3; 2l; 1.5d; 3000000000", "16; -1; 1024; 1.5; 1000.0; 2; Decimal('1.5'); 3000000000"),
    ("'it''s'; \"a \"\"q\"\" `t\"", "\"it's\"; 'a \"q\" \\t'"),
    ('"a $x.b $(1+"x") c"', "(expand 'a ' $x '.b ' ($() (+ 1 'x')) ' c')"),
    ('"${a b}: $env:PATH $script:x"', "(expand $a b ': ' $env:PATH ' ' $script:x)"),
    ("@'\nraw $x\n'@", "'raw $x'"),
    ('@"\nv=$x\n"@', "(expand 'v=' $x)"),
    ("@(1,2).Count", "(. (@() (, 1 2)) Count)"),
    ("$(Get-Date)", "($() (cmd Get-Date))"),
    ("@{ a = 1; 'b' = Get-Foo -x 2\n c = 3 }", "(@{} a=1 'b'=(cmd Get-Foo -x 2) c=3)"),
    ("[ordered]@{a=1}", "([ordered]@{} a=1)"),
    ("{ param($a) $a }", "{(script (ParamBlock parameters=[(Parameter name='a')]) end:{$a})}"),
    # variables
    ("$env:PATH; ${a b}; $script:x; $global:y; $?; $$; $_", "$env:PATH; $a b; $script:x; $global:y; $?; $$; $_"),
    # types, members, calls
    ("[System.Collections.Generic.List[string]]::new()", "(::call [System.Collections.Generic.List[string]] new)"),
    ("[System.Security.Cryptography.X509Certificates.StoreName]::My", "(:: [System.Security.Cryptography.X509Certificates.StoreName] My)"),
    ("[int[]]$x = 1", "(= ([int[]] $x) 1)"),
    ("[string]$x", "([string] $x)"),
    ("[int]", "[int]"),
    ("$x.Method(1, (2,3))[0].Prop", "(. ([] (.call $x Method 1 (paren (, 2 3))) 0) Prop)"),
    ("$x.'a b'; $x.$name", "(. $x 'a b'); (. $x $name)"),
    ("$null = $store.Add($Certificate)", "(= $null (.call $store Add $Certificate))"),
    ("$h['k'] = 5", "(= ([] $h 'k') 5)"),
    # commands (argument mode, reference §2-§4)
    ("Get-Foo -Name:bar -eq 2+2 cert:\\CurrentUser\\My a#b", "(cmd Get-Foo -Name:bar -eq 2+2 cert:\\CurrentUser\\My a#b)"),
    ("Write-Host $a + 1", "(cmd Write-Host $a + 1)"),
    ("Write-Host $sp.PasswordCredentials.SecretText", "(cmd Write-Host (. (. $sp PasswordCredentials) SecretText))"),
    ("Write-Host $a .b", "(cmd Write-Host $a .b)"),
    ("echo $dir/file.txt a$b", "(cmd echo (expand $dir '/file.txt') (expand 'a' $b))"),
    ("Get-Foo -Scopes a,b -Force:$false", "(cmd Get-Foo -Scopes (, a b) -Force:$false)"),
    ("New-Object System.X509Store('My', 'CurrentUser')", "(cmd New-Object System.X509Store (paren (, 'My' 'CurrentUser')))"),
    ("& $sb -x 1 @splat", "(& $sb -x 1 @splat)"),
    (". .\\x.ps1", "(. .\\x.ps1)"),
    ("& 'C:/app.exe' arg", "(& 'C:/app.exe' arg)"),
    ("Write-Output -- -x", "(cmd Write-Output -x)"),
    ("Get-X –Name “value”", "(cmd Get-X -Name 'value')"),
    ("Get-X `\n  -Name a", "(cmd Get-X -Name a)"),
    ("\ufeffGet-X\r\n$a = @\"\r\nv $x\r\n\"@\r\n", "(cmd Get-X); (= $a (expand 'v ' $x))"),
    ("Write-Output 2 hi>out.txt", "(cmd Write-Output 2 hi>out.txt)"),
    ("$certPath = <path to certificate>", "(= $certPath (cmd < path to certificate>))"),
    # pipelines
    ("ls | % { $_.Name } 2>&1 > out.txt",
     "(| (cmd ls) (cmd % {(. $_ Name)} (MergingRedirection from_stream='2' to_stream='1') (FileRedirection stream='1' location=out.txt)))"),
    ("$x | Out-Null", "(| $x (cmd Out-Null))"),
    ("Get-A |\n  Get-B", "(| (cmd Get-A) (cmd Get-B))"),
    ("Get-A\n| Get-B", "(| (cmd Get-A) (cmd Get-B))"),
    ("Get-X | foreach { $_ }", "(| (cmd Get-X) (cmd foreach {$_}))"),
    ("Get-A && Get-B || Get-C", "(PipelineChain left=(PipelineChain left=(cmd Get-A) op='&&' right=(cmd Get-B)) op='||' right=(cmd Get-C))"),
    # control flow
    ("if ($x -eq 1) { 'a' }\nelseif ($y) { 2 }\nelse { 'b' }", "(If clauses=[((-eq $x 1) 'a') ($y 2)] else_clause='b')"),
    ("if ($x)\n{\n 1\n}", "(If clauses=[($x 1)])"),
    ("foreach ($x in 1..3) { break }", "(ForEach variable=$x condition=(.. 1 3) body=(Break ))"),
    (":outer foreach ($a in $b) { continue outer }", "(ForEach label='outer' variable=$a condition=$b body=(Continue label=outer))"),
    ("for ($i = 0; $i -lt 10; $i++) { $i }", "(For initializer=(= $i 0) condition=(-lt $i 10) iterator=(++post $i) body=$i)"),
    ("while ($true) { break }", "(While condition=$true body=(Break ))"),
    ("do { $i++ } while ($i -lt 3)", "(DoWhile condition=(-lt $i 3) body=(++post $i))"),
    ("do { $i++ }\nuntil ($i -gt 3)", "(DoUntil condition=(-gt $i 3) body=(++post $i))"),
    ("switch -regex ($x) { 'a' { 1 } default { 2 } }", "(Switch flags=['regex'] condition=$x clauses=[('a' 1)] default=2)"),
    ("switch ($x)\n{\n  a { 1 }\n  { $_ -gt 1 } { 2 }\n}", "(Switch condition=$x clauses=[(a 1) ({(-gt $_ 1)} 2)])"),
    ("try { 1 } catch [System.Exception], [Foo] { 2 } finally { 3 }",
     "(Try body=1 catches=[(CatchClause types=[[System.Exception] [Foo]] body=2)] finally_=3)"),
    ("try { 1 }\ncatch { $_ }", "(Try body=1 catches=[(CatchClause body=$_)])"),
    ("trap { continue }", "(Trap body=(Continue ))"),
    ("exit 1; return; throw 'x'", "(Exit pipeline=1); (Return ); (Throw pipeline='x')"),
    # functions
    ("function f($a, $b = 2) { $a }", "(FunctionDefinition name='f' parameters=[(Parameter name='a') (Parameter name='b' default=2)] body=$a)"),
    ("filter g { $_ }", "(FunctionDefinition name='g' is_filter=True body=$_)"),
    ("function F\n{\n [CmdletBinding()]\n param([Parameter(Mandatory=$true)][string]$N = 'x', $b)\n $N\n}",
     "(FunctionDefinition name='F' body=(script (ParamBlock attributes=[(Attribute type_name=[CmdletBinding])] parameters=[(Parameter name='N' attributes=[(Attribute type_name=[Parameter] named=[(NamedAttributeArgument name='Mandatory' value=$true)]) (TypeConstraint type_name=[string])] type=[string] default='x') (Parameter name='b')]) end:{$N}))"),
    ("param([ValidateSet('a','b')][string]$S, [switch]$F)",
     "(script (ParamBlock parameters=[(Parameter name='S' attributes=[(Attribute type_name=[ValidateSet] positional=['a' 'b']) (TypeConstraint type_name=[string])] type=[string]) (Parameter name='F' attributes=[(TypeConstraint type_name=[switch])] type=[switch])]) end:{})"),
    ("begin { 1 } process { 2 } end { 3 }", "(script begin:{1} process:{2} end:{3})"),
    ("param($a) process { $a }", "(script (ParamBlock parameters=[(Parameter name='a')]) process:{$a})"),
    ("{ $_ }.Invoke(1)", "(.call {$_} Invoke 1)"),
]


@pytest.mark.parametrize("source,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_parse_shape(source: str, expected: str, dump) -> None:
    assert dump(parse(source)) == expected


def test_every_node_has_a_position() -> None:
    text = "function F([int]$a = 1) {\n  $x = @{ k = \"v $a\" }\n  Get-Foo -X:$x.k | % { $_ }\n}\nF 2"
    tree = parse(text, "f.ps1")
    for node in N.walk(tree):
        assert node.span is not None, type(node).__name__
        assert node.span.line >= 1 and node.span.column >= 1
        assert node.span.file == "f.ps1"


def test_positions_and_source_line() -> None:
    tree = parse("$a = 1\n  Get-Foo -Name $b")
    cmd = tree.statements[1].elements[0]
    assert (cmd.span.line, cmd.span.column, cmd.span.end_line, cmd.span.end_column) == (2, 3, 2, 19)
    assert cmd.span.text == "  Get-Foo -Name $b"
    var = cmd.elements[2]
    assert (var.span.line, var.span.column) == (2, 17)


def test_node_equality_ignores_positions() -> None:
    assert parse("1+2") == parse("  1 +   2")


def test_scriptblock_text_is_kept() -> None:
    sb = parse("$s = { Get-Date }").statements[0].right.elements[0].expression
    assert sb.script_block.text == " Get-Date "


def test_number_types() -> None:
    values = [s.elements[0].expression for s in parse("1; 2147483648; 9223372036854775808; 1.0; 1d; 5l").statements]
    assert [v.type_hint for v in values] == ["int", "long", "decimal", "double", "decimal", "long"]


def test_all_nodes_lists_every_node_class() -> None:
    import inspect
    bases = {N.Ast, N.StatementAst, N.PipelineBaseAst, N.CommandElementAst, N.ExpressionAst,
             N.CommandBaseAst, N.LabeledStatementAst, N.AttributeBaseAst}
    defined = {c for _, c in inspect.getmembers(N, inspect.isclass) if issubclass(c, N.Ast) and c not in bases}
    assert defined == set(N.ALL_NODES)


def test_hashtable_keys(dump) -> None:
    assert dump(parse("@{ 1 = 'a'; $k = 2; (1+1) = 3; if = 4 }")) == "(@{} 1='a' $k=2 (paren (+ 1 1))=3 if=4)"


def test_nodes_hash_and_repr() -> None:
    a, b = parse("$x.M(1)"), parse("$x.M( 1 )")
    assert hash(a) == hash(b) and a == b and parse("$x.M(2)") != a
    assert repr(a.statements[0].elements[0].expression).startswith("InvokeMemberExpressionAst(target=VariableExpressionAst(name='x'")


def test_nodes_are_immutable_and_picklable() -> None:
    import dataclasses
    import pickle

    tree = parse("function F($a = 1) { \"v $a\" | % { $_ } }", "f.ps1")
    assert pickle.loads(pickle.dumps(tree)) == tree
    stmt = tree.statements[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        stmt.name = "G"
    assert dataclasses.replace(stmt, name="G").name == "G"
    assert dataclasses.is_dataclass(stmt) and [f.name for f in dataclasses.fields(stmt)][-1] == "body"
