"""Interpreter semantics as tables: (script, expected output objects)."""

from __future__ import annotations

import pytest

from tests.language.conftest import run_ps

CASES = [
    # arithmetic and conversions: the left operand drives the type
    ("1 + 2", [3]),
    ("'1' + 2", ["12"]),
    ("1 + '2'", [3]),
    ("10 / 4", [2.5]),
    ("10 / 5", [2]),
    ("7 % 3", [1]),
    ("2 * 3 + 1", [7]),
    ("'ab' * 3", ["ababab"]),
    ("1,2 + 3", [1, 2, 3]),
    ("(1,2,3).Count", [3]),
    ("1..4", [1, 2, 3, 4]),
    ("4..2", [4, 3, 2]),
    ("-5 + 2", [-3]),
    ("0x1F", [31]),
    ("1kb", [1024]),
    ("[int]'42' + 1", [43]),
    ("[int]2.5", [2]),
    ("[int]3.5", [4]),
    ("[string]12 + 1", ["121"]),
    ("[bool]'false'", [True]),
    ("[bool]''", [False]),
    # comparison: case-insensitive by default, arrays filter
    ("'abc' -eq 'ABC'", [True]),
    ("'abc' -ceq 'ABC'", [False]),
    ("1,2,3,2 -eq 2", [2, 2]),
    ("1,2,3 -gt 1", [2, 3]),
    ("'10' -eq 10", [True]),
    ("10 -eq '10.0'", [True]),
    ("'hello' -like 'h*o'", [True]),
    ("'hello' -notlike 'x*'", [True]),
    ("'abc' -match 'B'", [True]),
    ("'abc' -cmatch 'B'", [False]),
    ("'a1b2' -replace '\\d', '#'", ["a#b#"]),
    ("'John Smith' -replace '(\\w+) (\\w+)', '$2, $1'", ["Smith, John"]),
    ("'a,b,c' -split ','", ["a", "b", "c"]),
    ("(1,2,3) -join '-'", ["1-2-3"]),
    ("-join ('a','b')", ["ab"]),
    ("1,2,3 -contains 2", [True]),
    ("2 -in 1,2,3", [True]),
    ("'x' -notin 'a','b'", [True]),
    ("$null -eq $null", [True]),
    ("5 -is [int]", [True]),
    ("'5' -as [int]", [5]),
    ("'x' -as [int]", [None]),
    ("$true -and $false", [False]),
    ("$true -or $false", [True]),
    ("-not $false", [True]),
    ("!$true", [False]),
    ("$true -xor $true", [False]),
    ("5 -band 3", [1]),
    ("5 -bor 3", [7]),
    ("'{0}-{1:N2}' -f 'a', 3.14159", ["a-3.14"]),
    ("'{0,5}|{1,-3}|' -f 1, 2", ["    1|2  |"]),
    ("[version]'2.17.0' -ge [version]'2.2.0'", [True]),
    ("[version]'5.3.0' -lt [version]'5.0.0'", [False]),
    ("$null ?? 'default'", ["default"]),
    ("$true ? 'y' : 'n'", ["y"]),
    # strings
    ("$x = 'World'; \"Hello $x\"", ["Hello World"]),
    ("$a = 1,2,3; \"v: $a\"", ["v: 1 2 3"]),
    ("\"sum: $(1+2)\"", ["sum: 3"]),
    ("$h = @{k='v'}; \"$($h.k)\"", ["v"]),
    ("'it''s'", ["it's"]),
    ("\"a`tb\"", ["a\tb"]),
    ("$s = 'abc'; $s.Length", [3]),
    ("'Hello'.ToUpper()", ["HELLO"]),
    ("'a-b-c'.Split('-')", ["a", "b", "c"]),
    ("'  x '.Trim()", ["x"]),
    ("'hello'.Substring(1, 3)", ["ell"]),
    ("'abc'.GetType().FullName", ["System.String"]),
    ("(1).GetType().Name", ["Int32"]),
    ("@(1,2).GetType().FullName", ["System.Object[]"]),
    # variables and scopes
    ("$x = 5; $x += 2; $x", [7]),
    ("$x = 5; $x++; $x", [6]),
    ("$a, $b = 1, 2, 3; $b", [2, 3]),
    ("$X = 1; $x", [1]),
    ("$env:PWSHIM_TEST_VAR = 'yes'; $env:PWSHIM_TEST_VAR", ["yes"]),
    ("function f { $script:n = 3 }; f; $n", [3]),
    ("$g = 1; function f { $g = 2 }; f; $g", [1]),
    ("[int]$i = '7'; $i = '8'; $i + 1", [9]),
    # collections
    ("$a = @(); $a.Count", [0]),
    ("@(1).Count", [1]),
    ("$h = @{a=1; b=2}; $h.b", [2]),
    ("$h = @{}; $h['k'] = 'v'; $h.K", ["v"]),
    ("$h = [ordered]@{z=1; a=2}; $h.Keys", ["z", "a"]),
    ("$a = 1,2,3; $a[-1]", [3]),
    ("$a = 1,2,3,4; $a[1..2]", [2, 3]),
    ("$o = [pscustomobject]@{Name='n'; Value=1}; $o.Name", ["n"]),
    ("$list = @([pscustomobject]@{P=1}, [pscustomobject]@{P=2}); $list.P", [1, 2]),
    ("$a = 1,2; $a += 3; $a.Count", [3]),
    # control flow
    ("if (1 -gt 2) { 'a' } elseif ($true) { 'b' } else { 'c' }", ["b"]),
    ("foreach ($i in 1..3) { $i * 2 }", [2, 4, 6]),
    ("for ($i = 0; $i -lt 3; $i++) { $i }", [0, 1, 2]),
    ("$i = 0; while ($i -lt 3) { $i; $i++ }", [0, 1, 2]),
    ("$i = 0; do { $i++ } while ($i -lt 3); $i", [3]),
    ("$i = 0; do { $i++ } until ($i -ge 2); $i", [2]),
    ("foreach ($i in 1..5) { if ($i -eq 3) { break }; $i }", [1, 2]),
    ("foreach ($i in 1..4) { if ($i % 2) { continue }; $i }", [2, 4]),
    (":outer foreach ($a in 1..3) { foreach ($b in 1..3) { if ($b -eq 2) { continue outer }; \"$a$b\" } }",
     ["11", "21", "31"]),
    ("switch (2) { 1 { 'one' } 2 { 'two' } default { 'other' } }", ["two"]),
    ("switch ('abc') { 'ABC' { 'ci' } }", ["ci"]),
    ("switch -wildcard ('file.txt') { '*.txt' { 'text' } }", ["text"]),
    ("switch -regex ('a1') { '^a(\\d)' { $Matches[1] } }", ["1"]),
    ("switch (1,2) { 1 { 'x' } 2 { 'y' } }", ["x", "y"]),
    ("switch (5) { {$_ -gt 3} { 'big' } }", ["big"]),
    ("$x = if ($true) { 'yes' } else { 'no' }; $x", ["yes"]),
    # functions
    ("function Add($a, $b) { $a + $b }; Add 2 3", [5]),
    ("function Add($a, $b) { $a + $b }; Add -b 1 -a 2", [3]),
    ("function F { param($Name = 'def') \"hi $Name\" }; F; F -Name x", ["hi def", "hi x"]),
    ("function F { param([switch]$Force) $Force }; F -Force; F", [True, False]),
    ("function F { $args.Count }; F 1 2 3", [3]),
    ("function F { return 1; 2 }; F", [1]),
    ("function F { 1; return }; F", [1]),
    ("function F { process { $_ * 2 } }; 1,2,3 | F", [2, 4, 6]),
    ("filter Double { $_ * 2 }; 1,2 | Double", [2, 4]),
    ("function F { begin { 'b' } process { $_ } end { 'e' } }; 1,2 | F", ["b", 1, 2, "e"]),
    ("function F { [CmdletBinding()] param([Parameter(ValueFromPipeline)]$X) process { $X + 1 } }; 1,2 | F", [2, 3]),
    ("function F { [CmdletBinding()] param([Parameter(Mandatory)][int]$N) $N }; F -N '5'", [5]),
    ("function F { $input | ForEach-Object { $_ } }; 1,2 | F", [1, 2]),
    ("$sb = { param($x) $x * 3 }; & $sb 2", [6]),
    ("$sb = { $args[0] }; $sb.Invoke(7)", [7]),
    ("$p = @{ a = 1; b = 2 }; function F($a, $b) { $a - $b }; F @p", [-1]),
    ("$p = 3, 1; function F($a, $b) { $a - $b }; F @p", [2]),
    # try/catch/throw
    ("try { throw 'boom' } catch { \"caught: $_\" }", ["caught: boom"]),
    ("try { throw 'x' } catch { $_.Exception.Message }", ["x"]),
    ("try { 1/0 } catch { 'div' }", ["div"]),
    ("try { 'a' } finally { 'f' }", ["a", "f"]),
    ("try { [int]'x' } catch [System.Management.Automation.RuntimeException] { 'rt' } catch { 'other' }", ["rt"]),
    ("try { throw [System.ArgumentException]::new('bad') } catch [System.ArgumentException] { 'arg' }", ["arg"]),
    ("try { Get-Nothing-Here } catch { $_.FullyQualifiedErrorId }", ["CommandNotFoundException"]),
    ("try { try { throw 'in' } finally { 'fin' } } catch { \"out $_\" }", ["fin", "out in"]),
    ("try { throw 'a' } catch { try { throw } catch { \"re $_\" } }", ["re a"]),
    ("$ErrorActionPreference = 'Stop'; try { Write-Error 'we' } catch { 'stopped' }", ["stopped"]),
    ("try { Write-Error 'e' -ErrorAction Stop } catch { $_.Exception.Message }", ["e"]),
    # pipelines and core cmdlets
    ("1,2,3 | ForEach-Object { $_ + 1 }", [2, 3, 4]),
    ("1..5 | Where-Object { $_ -gt 3 }", [4, 5]),
    ("Write-Output 1 2 3", [1, 2, 3]),
    ("Write-Output -NoEnumerate 1,2 | ForEach-Object { $_.Count }", [2]),
    ("$x = Write-Output a; $x", ["a"]),
    ("$r = 1,2 | ForEach-Object { $_ }; $r.Count", [2]),
    ("(Get-Command Write-Output).Name", ["Write-Output"]),
    ("$PSVersionTable.PSVersion.Major", [7]),
    ("$PSVersionTable.PSVersion -ge [version]'7.0'", [True]),
    ("$IsLinux", [True]),
    ("[System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('aGk='))", ["hi"]),
    ("[Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes('a'))", ["YQA="]),
    ("[math]::Max(2, 5)", [5]),
    ("[string]::IsNullOrEmpty('')", [True]),
    ("[string]::Join(',', @('a','b'))", ["a,b"]),
    ("[int]::MaxValue", [2147483647]),
    ("(New-Object -TypeName System.Version -ArgumentList '1.2.3').Minor", [2]),
    ("[version]::new(1, 2).ToString()", ["1.2"]),
    ("$x = $null; $x.Foo", [None]),
    ("Invoke-Expression '1 + 1'", [2]),
    ("$m = 'k=v' -match '(?<key>\\w)=(?<val>\\w)'; $Matches.key", ["k"]),
    ("'en' + [char]0x2013", ["en–"]),
    ("$a = 1; $a -eq 1 && 'ok'", [True, "ok"]),
]


@pytest.mark.parametrize("script,expected", CASES, ids=[c[0][:60] for c in CASES])
def test_interpreter(script: str, expected: list) -> None:
    ran = run_ps(script)
    assert ran.errors == [], [e.message for e in ran.errors]
    assert ran.output == expected


ERROR_CASES = [
    ("Get-NoSuchCommand", "CommandNotFoundException"),
    ("Write-Output -NoSuchParam 1", "NamedParameterNotFound"),
    ("$x = $null; $x.Foo()", "InvokeMethodOnNull"),
    ("'abc'.NoSuchMethod()", "MethodNotFound"),
    ("[NoSuch.Type]::new()", "TypeNotFound"),
    ("1/0", "RuntimeException"),
    ("function F { [CmdletBinding()] param([Parameter(Mandatory)]$N) }; F", "MissingMandatoryParameter"),
    ("function F { [CmdletBinding()] param($A) }; F 1 2", "PositionalParameterNotFound"),
    ("Write-Error 'custom'", "Microsoft.PowerShell.Commands.WriteErrorException"),
    ("throw 'stop here'", "stop here"),
    ("Import-Module NoSuchModule", "Modules_ModuleNotFound"),
    ("Import-Module Az.Accounts -MinimumVersion 99.0.0", "Modules_ModuleNotFound"),
    ("[int]'abc'", "ConvertToFinalInvalidCastException"),
]


@pytest.mark.parametrize("script,error_id", ERROR_CASES, ids=[c[0][:60] for c in ERROR_CASES])
def test_errors(script: str, error_id: str) -> None:
    ran = run_ps(script, answers=())
    assert error_id in ran.error_ids
    assert ran.exit_code != 0


def test_statement_terminating_error_continues() -> None:
    ran = run_ps("Get-NoSuchCommand\n'after'")
    assert ran.output == ["after"]
    assert ran.error_ids == ["CommandNotFoundException"]


def test_throw_stops_the_script() -> None:
    ran = run_ps("'before'\nthrow 'x'\n'after'")
    assert ran.output == ["before"]
    assert ran.exit_code == 1


def test_exit_code() -> None:
    assert run_ps("exit 3").exit_code == 3
    assert run_ps("'x'").exit_code == 0


def test_error_carries_position() -> None:
    ran = run_ps("$a = 1\n  Get-NoSuchCommand -X 1\n")
    span = ran.errors[0].span
    assert (span.line, span.column) == (2, 3)


def test_dollar_error_and_question() -> None:
    ran = run_ps("Get-NoSuch 2>$null\n$?\n$Error.Count")
    assert ran.output[-1] >= 1


def test_import_module_az_accounts_passthru() -> None:
    ran = run_ps("$m = Import-Module Az.Accounts -MinimumVersion ([version]'2.2.0') -PassThru -ErrorAction SilentlyContinue; $m.Version -ge [version]'5.0.0'")
    assert ran.output == [True]


def test_my_invocation(tmp_path) -> None:
    script = tmp_path / "inv.ps1"
    script.write_text("function f { $MyInvocation.MyCommand.Name }\nf\n$MyInvocation.MyCommand.Name\n$PSScriptRoot\n")
    ran = run_ps(script.read_text(), file=str(script))
    assert ran.output == ["f", "inv.ps1", str(tmp_path)]


@pytest.mark.parametrize("script,expected", [
    ("$t = 0; 1,2 | ForEach-Object { $t += $_ }; $t", [3]),
    ("$seen = @(); 1..3 | Where-Object { $seen += $_; $_ -gt 1 } | Out-Null; $seen.Count", [3]),
    ("$_ = 'outer'; 1 | ForEach-Object { $_ } ; $_", [1, "outer"]),
    ("function F { param([Parameter(ValueFromPipeline)][int]$P) process { $P } }; F -P 5", [5]),
])
def test_caller_scope_and_pipeline_parameters(script: str, expected: list) -> None:
    assert run_ps(script).output == expected
