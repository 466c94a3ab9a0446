"""PowerShell classes and enums defined in a script (pwshim/parser_typedef.py, interp_classes.py):
scripts with the output pwsh 7 gives for them."""

from __future__ import annotations

import pytest

from pwshim.parser import parse
from pwshim.runtime.errors import ParseError
from tests.language.conftest import run_ps

PERSON = """
class Person {
    [string]$Name
    [int]$Age = 3
    hidden [string]$Secret = 'x'
    static [int]$Count = 0
    Person() { }
    Person([string]$n) { $this.Name = $n; [Person]::Count++ }
    [string] Greet() { return "Hi $($this.Name)" }
    [string] Greet([string]$other) { 'dropped'; return "Hi $other from $($this.Name)" }
    [void] Noise() { 'not output' }
    static [int] Add([int]$a, [int]$b) { return $a + $b }
    [string] ToString() { return "Person($($this.Name))" }
}
class Student : Person {
    [string]$School
    Student([string]$n, [string]$s) : base($n) { $this.School = $s }
    [string] Greet() { return "Yo $($this.Name) of $($this.School)" }
}
"""

CLASS_CASES = [
    ("$p = [Person]::new('Ann'); $p.Greet(); $p.Greet('Bob')", ["Hi Ann", "Hi Bob from Ann"]),
    # a method's output is what it returns; [void] returns nothing
    ("$p = [Person]::new(); $p.Noise(); 'end'", ["end"]),
    # typed properties convert on every assignment, defaults by type
    ("$p = [Person]::new(); $p.Age = '42'; $p.Age.GetType().Name; $p.Age + 1", ["Int32", 43]),
    ("[Person]::new().Name -eq $null", [True]),
    # static members
    ("[Person]::Add(2, 3)", [5]),
    ("[void][Person]::new('a'); [void][Person]::new('b'); [Person]::Count", [2]),
    # inheritance: base(...) runs first, overrides win, -is sees the base
    ("$s = [Student]::new('Cy', 'MIT'); $s.Greet(); $s.Name; $s -is [Person]", ["Yo Cy of MIT", "Cy", True]),
    # ToString is the class's own, else the type name
    ("\"$([Person]::new('Dee'))\"", ["Person(Dee)"]),
    ("class Plain { }; \"$([Plain]::new())\"; [Plain]::new().GetType().Name", ["Plain", "Plain"]),
    # a hashtable converts through the default constructor and the properties
    ("$q = [Person]@{ Name = 'Eve'; Age = 9 }; $q.Name + $q.Age", ["Eve9"]),
    # hidden members work but are not listed
    ("$p = [Person]::new(); $p.Secret; ($p | Get-Member -MemberType Property).Name -join ','", ["x", "Age,Name"]),
    # a class can be used above its definition (pwsh resolves a script's types first)
    ("[Later]::new().V\nclass Later { [int]$V = 7 }", [7]),
    # New-Object and member names are case-insensitive
    ("(New-Object Person -ArgumentList 'Fay').GREET()", ["Hi Fay"]),
]


@pytest.mark.parametrize("script,expected", CLASS_CASES)
def test_class(script: str, expected: list) -> None:
    ran = run_ps(PERSON + script)
    assert ran.errors == []
    assert ran.output == expected


def test_class_instance_is_displayed_as_a_table_of_its_visible_properties() -> None:
    ran = run_ps(PERSON + "[Person]::new('Ann')")
    assert ran.text.split("\n")[1:4] == ["Name Age", "---- ---", "Ann    3"]


def test_wrong_argument_count_is_pwshs_error_at_the_call() -> None:
    ran = run_ps(PERSON + "'a'\n[Person]::new(1, 2, 3)\n'b'")
    assert ran.output == ["a", "b"]
    assert ran.error_ids == ["MethodCountCouldNotFindBest"]
    assert str(ran.errors[0]) == 'Cannot find an overload for "new" and the argument count: "3".'
    assert ran.errors[0].span.line == PERSON.count("\n") + 2


def test_property_conversion_failure_is_an_error() -> None:
    ran = run_ps(PERSON + "$p = [Person]::new(); $p.Age = 'abc'; $p.Age")
    assert ran.output == [3]
    assert len(ran.errors) == 1 and "Int32" in str(ran.errors[0])


ENUM_CASES = [
    ("enum Color { Red; Green = 5\n Blue }\n[Color]::Green; [int][Color]::Blue; [Color]'red'; [Color]0",
     ["Green", 6, "Red", "Red"]),
    ("[Flags()] enum Perm { Read = 1; Write = 2; Exec = 4 }\n[Perm]'Read, Write'; [int][Perm]'Read, Exec'",
     ["Read, Write", 5]),
    ("enum E { A; B }\n[E]::B -eq 'b'; [E]::A -is [E]; [enum]::GetNames([E]) -join ','", [True, True, "A,B"]),
]


@pytest.mark.parametrize("script,expected", ENUM_CASES)
def test_enum(script: str, expected: list) -> None:
    from pwshim.runtime.conversions import to_string

    ran = run_ps(script)
    assert ran.errors == []
    assert [v if type(v) in (int, bool) else to_string(v) for v in ran.output] == expected


@pytest.mark.parametrize("script,error_id,line,column,incomplete", [
    ("class A {\n  [int] F() {\n    return 1\n", "MissingEndCurlyBrace", 2, 13, True),
    ("class A {\n  [int] F() { return (1 + ) }\n}", "ExpectedValueExpression", 2, 26, False),
    ("enum E {\n  A = \n}", "ExpectedValueExpression", 2, 7, False),
])
def test_definition_errors_have_pwsh_ids_and_true_positions(script: str, error_id: str, line: int, column: int,
                                                            incomplete: bool) -> None:
    with pytest.raises(ParseError) as info:
        parse(script)
    record = info.value.errors[0]
    assert (record.error_id, record.span.line, record.span.column) == (error_id, line, column)
    assert info.value.incomplete is incomplete


def test_nodes_inside_methods_keep_their_source_positions() -> None:
    ast = parse("class A {\n    [int] F([int]$x) {\n        return $x + 1\n    }\n}")
    method = ast.statements[0].members[0]
    ret = method.body.end.body.statements[0]
    assert (ret.span.line, ret.span.column) == (3, 9)
    assert method.parameters[0].name == "x" and str(method.parameters[0].type) == "int"


@pytest.mark.parametrize("script,expected", [
    # a static property converts on assignment too
    ("class S { static [string]$P = 'a' }\n[S]::P = 42\n[S]::P.GetType().Name", ["String"]),
    # a property may be of the class being defined
    ("class Node { [Node]$Next; [int]$V }\n$n = [Node]::new(); $n.Next = [Node]::new(); $n.Next.V = 3; $n.Next.V", [3]),
    # an initial value holding braces
    ("class Bag { [hashtable]$Map = @{ a = 1 }; [int]$N = 1 }\n$b = [Bag]::new(); $b.Map.a + $b.N", [2]),
])
def test_class_member_forms(script: str, expected: list) -> None:
    ran = run_ps(script)
    assert ran.errors == []
    assert ran.output == expected


def test_flags_enum_zero_member_displays_its_name() -> None:
    ran = run_ps("[Flags()] enum P { None = 0; Read = 1 }\n[P]::None")
    assert ran.text.strip() == "None"


def test_definition_forms_pwsh_accepts() -> None:
    ran = run_ps("[DscResource()]\nclass C1 { [string]${config-file} = 'a.json'\n  [int]$n =\n     5\n}\n"
                 "class C2 : C1 { C2() : base\n  () { } }\n$c = [C2]::new(); $c.'config-file'; $c.n")
    assert ran.errors == []
    assert ran.output == ["a.json", 5]
