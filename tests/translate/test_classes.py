"""PowerShell classes and enums through `pwshim convert`: the Python written for them, what stays
marked untranslated, and the same output from pwshim and from the translation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pwshim.translate import translate
from tests.language.test_classes import PERSON  # the interpreter's own class table
from tests.translate.test_translate import ROOT, check_python, pwshim_env, run_both


def code_of(script: str) -> str:
    result = translate(script)
    assert result.untranslated == [], result.untranslated
    return result.code


# --------------------------------------------------------------------------- the Python written


@pytest.mark.parametrize("script,fragments", [
    # enums count on from the previous value, from 0; [Flags()] is an IntFlag
    ("enum Color { Red; Green = 5\n Blue }\n[Color]::Green",
     ["import enum", "class Color(enum.IntEnum):\n    Red = 0\n    Green = 5\n    Blue = 6\n", "rt.emit(Color.Green)"]),
    ("[Flags()] enum Perm { Read = 1; Write = 2; Exec = 0x4 }\n[Perm]'Read, Write'",
     ["class Perm(enum.IntFlag):\n    Read = 1\n    Write = 2\n    Exec = 4\n", 'rt.convert("Read, Write", Perm)']),
    ("enum Level { Low = -1; Mid }\n[Level]::mid; [int][Level]::Low",
     ["    Low = -1\n    Mid = 0\n", "rt.emit(Level.Mid)", 'rt.convert(Level.Low, "int")']),
    # a member named by a Python keyword (`None = 0` of a flags enum): the functional form
    ("[Flags()] enum P { None = 0; Read = 1 }\n[P]::None; class F { static [P]$Default }",
     ['P = enum.IntFlag("P", [("None", 0), ("Read", 1)])', 'rt.emit(P["None"])', '    default = P["None"]\n']),
    # names compare as pwsh compares them; GetNames lists the members
    ("enum E { A; B }\n$k = [E]::B\n$k -ne [E]::A; $k -eq 'b'; [enum]::GetNames([E]) -join ','",
     ["rt.ne(k, E.A)", 'rt.eq(k, "b")', '[member.name for member in E]']),
    # typed properties, defaults, hidden and static members, overloads by argument count
    (PERSON + "[Person]::new('Ann')",
     [('class Person(rt.ScriptObject):\n    name = rt.field("Name", str)\n    age = rt.field("Age", int, 3)\n'
       '    secret = rt.field("Secret", str, "x", hidden=True)\n    count = 0\n'),
      ("    def __init__(self, *args):\n        if len(args) == 0:\n            pass\n        elif len(args) == 1:\n"
       "            (n,) = args\n            n = rt.convert(n, str)\n            self.name = n\n            Person.count += 1\n"
       '        else:\n            raise rt.no_overload("new", len(args))\n'),
      "    def noise(self) -> None:\n        pass\n",
      ("    @staticmethod\n    def add(a, b) -> int:\n        a = rt.convert(a, int)\n        b = rt.convert(b, int)\n"
       "        return a + b\n"),
      '    def __str__(self) -> str:\n        return f"Person({rt.text(self.name)})"\n',
      'rt.emit(Person("Ann"))']),
    # a base class: base(...) runs first; a method's output is only what it returns
    (PERSON + "[Student]::new('Cy', 'MIT').Greet()",
     ["class Student(Person):\n", "        super().__init__(n)\n        self.school = s\n",
      'rt.emit(Student("Cy", "MIT").greet())']),
    (PERSON + "[Person]::Add(2, 3); [Person]::Count; $p = New-Object Person -ArgumentList 'Fay'; $p.GREET()",
     ["rt.emit(Person.add(2, 3))", "rt.emit(Person.count)", 'p = Person("Fay")', "rt.emit(p.greet())"]),
    (PERSON + "$q = [Person]@{ Name = 'Eve'; Age = 9 }; $q -is [Person]",
     ['rt.convert(rt.hashtable({"Name": "Eve", "Age": 9}), Person)', "isinstance(q, Person)"]),
    # member names by the translator's rules; increments and compound assignment of members
    ("class Store {\n  [string]$CertPath\n  [int]$Hits\n  [void] Touch() { $this.Hits++; $this.CertPath += '/x' }\n}",
     ['cert_path = rt.field("CertPath", str)', "self.hits += 1", 'self.cert_path = rt.add(self.cert_path, "/x")']),
    # a value-typed method that falls off its end returns the type's zero, as pwsh does
    ("class Z { [int] F() { $x = 1 } }", ["    def f(self) -> int:\n", "        return 0\n"]),
    # initial values that are not constants are computed for each new object
    ("class Bag {\n  [object[]]$Items = @()\n  [string[]]$Tags = @('a')\n}",
     ['items = rt.field("Items", "object[]", factory=list)', 'tags = rt.field("Tags", "string[]", factory=lambda: ["a"])']),
])
def test_translation(script: str, fragments: list[str], tmp_path: Path) -> None:
    code = code_of(script)
    for fragment in fragments:
        assert fragment in code, fragment + "\n---\n" + code
    check_python(code, tmp_path)


def test_a_class_used_above_its_definition_is_defined_first(tmp_path: Path) -> None:
    code = code_of("# first\n$x = [Later]::new().V\n$x\nclass Base { }\nclass Later : Base { [int]$V = 7 }\nenum E { A }")
    assert code.index("class E(") < code.index("class Base(") < code.index("class Later(Base)") < code.index("x = Later()")
    check_python(code, tmp_path)


@pytest.mark.parametrize("script,reason", [
    ("class S {\n  [int] A([int]$a) { return 1 }\n  [int] A([string]$a) { return 2 }\n}", "overloads of A with the same number"),
    ("class L : System.Collections.ArrayList { }", "deriving from a .NET type"),
    ("enum E { A = 1 + 1 }", "not a constant integer"),
    ("enum B : byte { A }", "underlying type"),
    ("function f { class Inner { } }", "defined inside a block"),
    ("class P { [int]$X; [int] X() { return 1 } }", "members"),
    ("class Q { [ValidateNotNull()][string]$Name }", "attribute on property"),
    ("class R { static [int] F() { return $this.X } }", "$this outside an instance method"),
])
def test_what_has_no_faithful_python_shape_stays_marked(script: str, reason: str) -> None:
    result = translate(script)
    assert any(reason in u.reason for u in result.untranslated), result.untranslated
    assert "rt.untranslated(" in result.code


def test_an_untranslated_class_is_a_marker_bound_to_its_name(tmp_path: Path) -> None:
    code = translate("class S {\n  [int] A([int]$a) { return 1 }\n  [int] A([string]$a) { return 2 }\n}\n[S]::new()").code
    assert 'S = rt.untranslated("class S {' in code
    assert "S = None" not in code
    check_python(code, tmp_path)


# --------------------------------------------------------------------------- the same behaviour


def test_class_table_through_the_translator(tmp_path: Path) -> None:
    """tests/language/test_classes.py's class and enum cases (pwsh's output), translated and run
    as Python, give the same values."""
    run = subprocess.run([sys.executable, "-m", "tests.translate.class_table"], capture_output=True, text=True, cwd=ROOT,
                         env=pwshim_env(tmp_path), timeout=240, check=False, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["untranslated"] == []
    assert report["different"] == []
    assert report["failed"] == []
    assert len(report["same"]) >= 16


ACCOUNTS = """# Accounts with rights
[Flags()] enum Perm { Read = 1; Write = 2; Exec = 4 }
enum Level { Low = -1; Mid; High = 0x10 }

$early = [Account]::new('early', 'Read, Write')

class Base {
    [string]$Id
    Base([string]$id) { $this.Id = $id }
    [string] Describe() { return "base $($this.Id)" }
}

class Account : Base {
    [Perm]$Rights
    [int]$Tries = 3
    [Level]$Level
    [string[]]$Tags = @('a', 'b')
    static [string]$Prefix = 'acct'

    Account([string]$id, [Perm]$rights) : base($id) {
        $this.Rights = $rights
    }

    [bool] CanWrite() { return ($this.Rights -band [Perm]::Write) -ne 0 }
    [string] Describe() { return "$([Account]::Prefix) $($this.Id): $($this.Rights)" }
    [int] Fail() { $this.Tries--; 'ignored'; return $this.Tries }
    [void] Reset() { $this.Tries = '3' }
    [int] NoReturn() { $x = 1 }
}

$a = New-Object Account -ArgumentList 'ann', 'Read'
$b = [Account]::new('bob', 3)
$early, $a, $b | Format-Table Id, Rights, Tries
"$($b.Rights) / $([int]$b.Rights) / $($a.CanWrite()) $($b.CanWrite())"
$b.Describe()
$b.Fail()
$b.Fail()
$b.Reset()
$b.Tries
$b.NoReturn()
$b.Level
[Level]::high
[int][Level]::Mid
[Level]'HIGH' -eq 'high'
$b.Level -eq [Level]::Low
[enum]::GetNames([Perm]) -join '|'
[enum]::GetValues([Level])
$b -is [Base]
$b -isnot [Account]
try { $b.Tries = 'abc' } catch { "caught: $($_.Exception.Message)" }
$b.Tags -join ','
$b
$p = [Perm]'Read, Exec'
"$p"
$p
$all = $a, $b | Sort-Object Id -Descending
$all | ForEach-Object { $_.Describe() }
$all | Where-Object { $_.CanWrite() } | ForEach-Object { "writer: $_ $($_.Id)" }
($all | Get-Member -MemberType Property).Name -join ','
"""


def test_same_output_from_pwshim_and_python(tmp_path: Path) -> None:
    script = tmp_path / "accounts.ps1"
    script.write_text(ACCOUNTS, encoding="utf-8")
    ps, py, code = run_both(script, tmp_path)
    assert ps.returncode == 0, ps.stderr
    assert ps.stderr == ""
    assert py.returncode == 0, py.stderr + "\n" + code
    assert py.stdout == ps.stdout, code
    assert "Read, Write" in ps.stdout and "caught: Cannot convert value" in ps.stdout
    assert "untranslated" not in code


def test_errors_of_a_translated_class_are_pwshs(tmp_path: Path) -> None:
    """The wrong number of arguments, and a property conversion that fails: the messages pwsh
    gives, from both."""
    script = tmp_path / "errors.ps1"
    script.write_text(PERSON + "try { [Person]::new(1, 2, 3) } catch { $_.Exception.Message }\n"
                      "$p = [Person]::new()\ntry { $p.Age = 'abc' } catch { $_.FullyQualifiedErrorId }\n$p.Age\n",
                      encoding="utf-8")
    ps, py, code = run_both(script, tmp_path)
    assert py.returncode == 0, py.stderr + "\n" + code
    assert 'Cannot find an overload for "new" and the argument count: "3".' in ps.stdout
    assert py.stdout.splitlines()[0] == ps.stdout.splitlines()[0]
    assert py.stdout.splitlines()[-1] == ps.stdout.splitlines()[-1] == "3"


COUNTS = """
class T {
  [string]$CertPath
  T([string]$a) { $this.CertPath = $a }
  [int] Twice([int]$x) { return 2 * $x }
  static [int] S([int]$x) { return $x }
  [bool] HasPath() { return $this.CertPath -ne '' }
}
try { [T]::new() } catch { $_.Exception.Message }
$t = [T]::new('a')
try { $t.Twice(1, 2) } catch { $_.Exception.Message }
try { [T]::S() } catch { $_.Exception.Message }
$t.Twice('4')
[T]::S(3)
$t
$sorted = @([T]::new('b'), $t) | Sort-Object CertPath
$sorted | ForEach-Object { "$($_.CertPath) $($_.HasPath())" }
$sorted.CertPath -join '+'
$any = $sorted[0]
$any.HasPath()
"""


def test_objects_through_cmdlets_and_wrong_argument_counts(tmp_path: Path) -> None:
    """Objects of a translated class pass through cmdlets (Sort-Object) and member enumeration,
    and a call with an argument count no signature takes is pwsh's error, not a TypeError."""
    script = tmp_path / "counts.ps1"
    script.write_text(COUNTS, encoding="utf-8")
    ps, py, code = run_both(script, tmp_path)
    assert ps.returncode == 0 and ps.stderr == "", ps.stderr
    assert py.returncode == 0 and py.stderr == "", py.stderr + "\n" + code
    assert py.stdout == ps.stdout, code
    assert 'Cannot find an overload for "Twice" and the argument count: "2".' in py.stdout


def test_runtime_of_translated_classes(tmp_path: Path) -> None:
    """rt.ScriptObject and rt.field as pwshim's runtime sees them: typed properties convert on
    every assignment (pwsh's error when they cannot), initial values are each object's own,
    tables show the visible properties by their PowerShell names, members are found whatever
    their case, [C]@{...} goes through the default constructor."""
    from tests.translate.test_rt import run_py

    result = run_py(
        """
        import enum

        from pwshim.api import get_member, sort_object
        from pwshim.translate import rt


        class Kind(enum.IntEnum):
            Low = 0
            High = 1


        class Box(rt.ScriptObject):
            cert_path = rt.field("CertPath", str)
            size = rt.field("Size", int, 3)
            kind = rt.field("Kind", Kind)
            items = rt.field("Items", "object[]", factory=list)
            secret = rt.field("Secret", str, "s", hidden=True)

            def grow_by(self, n):
                self.size = rt.add(self.size, n)
                return self.size


        a, b = Box(), Box()
        a.items.append(1)
        checks = [
            a.cert_path is None, a.size == 3, a.kind is Kind.Low, b.items == [],
            Box.__ps_properties__ == ("CertPath", "Size", "Kind", "Items"),
            rt.member(a, "certpath") is None, rt.call(a, "GrowBy", "2") == 5, a.size == 5,
            rt.text(a) == "Box", isinstance(rt.convert(rt.hashtable({"size": "7"}), Box), Box),
            rt.convert(rt.hashtable({"size": "7"}), Box).size == 7,
            [x.size for x in rt.items(sort_object(pipeline_input=[a, b], property="Size"))] == [3, 5],
            "Secret" not in [m.name for m in get_member(input_object=a, member_type="Property")],
        ]
        a.size = "12"
        a.kind = "high"
        checks += [a.size == 12, a.kind is Kind.High]
        print(checks.index(False) if False in checks else "ok")
        try:
            a.size = "abc"
        except Exception as exc:
            print(type(exc).__name__, "Int32" in str(exc))
        try:
            rt.convert(rt.hashtable({"Nope": 1}), Box)
        except Exception as exc:
            print(str(exc).split(". ")[1])
        rt.emit(a)
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == ["ok", "PowerShellError True", "The Nope property was not found for the Box object"]
    assert lines[4:7] == ["CertPath Size Kind Items", "-------- ---- ---- -----", "           12 High {1}"]
