"""The .NET type bridge (issue 4): byte arrays as collections, [regex], [Environment],
constructor overloads, static members, conversion error texts, [version]::Parse,
[IO.Path]::Join and enum HasFlag — scripts with the output and errors pwsh 7.4 gives."""

from __future__ import annotations

import os
import socket

import pytest

from pwshim.formatting_errors import format_error
from tests.language.conftest import run_ps


def ok(script: str, environ: dict[str, str] | None = None) -> list:
    ran = run_ps(script, environ=environ if environ is not None else {"HOME": "/home/u", "PATH": "/usr/bin"})
    assert [format_error(e) for e in ran.errors] == []
    return ran.output


def concise(script: str) -> list[str]:
    """The ConciseView lines of a script's errors (after the output it wrote)."""
    return [format_error(e) for e in run_ps(script).errors]


# --- 1. byte[] is a collection --------------------------------------------------------------------
BYTE_CASES = [
    ('[System.Text.Encoding]::UTF8.GetBytes("ab") -join "-"', ["97-98"]),
    ("$b = [byte[]](1,2,3); ($b | Measure-Object).Count", [3]),
    ("$b = [byte[]](1,2,3); foreach ($x in $b) { \"i$x\" }", ["i1", "i2", "i3"]),
    ("$b = [byte[]](1,2,3); $b | ForEach-Object { $_ * 2 }", [2, 4, 6]),
    ("$b = [byte[]](1,2,3); $b.Length; $b.Count", [3, 3]),
    ("$b = [byte[]](1,2,3); $b -contains 2; 2 -in $b; 9 -in $b; $b -notcontains 9", [True, True, False, True]),
    ("$b = [byte[]](1,2,3); $b -gt 1", [2, 3]),
    ("$b = [byte[]](1,2,3); $b -eq 2", [2]),
    ("$b = [byte[]](1,2,3); $b[0]; $b[-1]; $b[0,2]; $b[7] -eq $null", [1, 3, 1, 3, True]),
    ("$b = [byte[]](1,2,3); $b[0].GetType().FullName; $b.GetType().FullName", ["System.Byte", "System.Byte[]"]),
    ("$b = [byte[]](1,2,3); ($b + 4).Count; ($b + [byte[]](5,6)) -join ','", [4, "1,2,3,5,6"]),
    ("-join [byte[]](1,2,3)", ["123"]),
    ("'{0}+{1}' -f [byte[]](7,8)", ["7+8"]),
    ("[byte[]]::new(2) -join ','", ["0,0"]),
    ("$x, $y = [byte[]](4,5); $x + $y", [9]),
    ("switch ([byte[]](1,2)) { 1 { 'one' } 2 { 'two' } }", ["one", "two"]),
    # the array itself still flows where a method or a parameter takes the whole thing
    ("[Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes('hi'))", ["aGk="]),
    ("[System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('aGk='))", ["hi"]),
    ("(Measure-Object -InputObject ([byte[]](1,2,3))).Count", [1]),
    ("$b = [byte[]](1,2,3); (Write-Output -InputObject $b -NoEnumerate).GetType().FullName", ["System.Byte[]"]),
    ("$b = [Convert]::FromBase64String('AQID'); \"$b\"", ["1 2 3"]),
]


@pytest.mark.parametrize("script,expected", BYTE_CASES)
def test_byte_arrays_are_collections(script: str, expected: list) -> None:
    assert ok(script) == expected


def test_bytes_flow_into_set_content_and_back(tmp_path) -> None:
    target = tmp_path / "b.bin"
    out = ok(f"$b = [byte[]](0,1,255); Set-Content -Path '{target}' -Value $b -AsByteStream; "
             f"(Get-Content -Path '{target}' -AsByteStream) -join ','")
    assert target.read_bytes() == b"\x00\x01\xff"
    assert out == ["0,1,255"]


def test_byte_array_output_is_one_line_per_byte() -> None:
    assert run_ps("[byte[]](10,20)").text.split() == ["10", "20"]


# --- 2. [regex] ----------------------------------------------------------------------------------
REGEX_CASES = [
    ('[regex]::IsMatch("abc","b")', [True]),
    # [regex] is case-sensitive by default, unlike -match
    ('[regex]::IsMatch("abc","B"); "abc" -match "B"', [False, True]),
    ('[regex]::IsMatch("abc","B", "IgnoreCase")', [True]),
    ('[regex]::IsMatch("abc","B", [System.Text.RegularExpressions.RegexOptions]::IgnoreCase)', [True]),
    ('[regex]::Replace("abc","b","X")', ["aXc"]),
    ('[regex]::Replace("a.b.c", "\\.", "/")', ["a/b/c"]),
    ('$m = [regex]::Match("abc","b"); $m.Success; $m.Value; $m.Index; $m.Length', [True, "b", 1, 1]),
    ('([regex]"\\d").Match("a1").Value', ["1"]),
    ('([regex]"x").Match("abc").Success; ([regex]"x").Match("abc").Value', [False, ""]),
    ('[regex]::Matches("a1b2","\\d")[0].Value; [regex]::Matches("a1b2","\\d")[1].Index', ["1", 3]),
    ('([regex]"\\d").Matches("a1b2").Count', [2]),
    ('([regex]::Matches("a1b2c3","\\d")).Value -join ","', ["1,2,3"]),
    ('[regex]::Matches("a1b2","\\d") | ForEach-Object { $_.Value + "!" }', ["1!", "2!"]),
    ('[regex]::Matches("a1b2","\\d").GetType().FullName', ["System.Text.RegularExpressions.MatchCollection"]),
    ('[regex]::Match("ab","b").GetType().FullName', ["System.Text.RegularExpressions.Match"]),
    ('$m = [regex]::Match("abc","b"); $n = $m.NextMatch(); $n.Success', [False]),
    ('$m = [regex]::Match("a1b2","\\d"); $m.NextMatch().Value', ["2"]),
    # .NET numbers unnamed groups first, then named ones
    ('$m = [regex]::Match("2024-05-06", "(?<y>\\d+)-(\\d+)-(?<d>\\d+)"); $m.Groups.Count; '
     '($m.Groups | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join " "',
     [4, "0=2024-05-06 1=05 y=2024 d=06"]),
    ('$m = [regex]::Match("2024-05-06", "(?<y>\\d+)-(\\d+)-(?<d>\\d+)"); $m.Groups["d"].Value; $m.Groups[1].Value; '
     '$m.Groups[2].Value; $m.Groups["y"].Name; $m.Groups["nope"].Success', ["06", "05", "2024", "y", False]),
    ('([regex]"a(b)?c").Match("ac").Groups[1].Success; ([regex]"a(b)?c").Match("abc").Groups[1].Captures.Count',
     [False, 1]),
    ('$m = [regex]::Match("xay", "a"); $m.Captures[0].Value; $m.Captures.Count', ["a", 1]),
    ('([regex]"(?<k>\\w)=(\\d)").GetGroupNames() -join ","; ([regex]"(?<k>\\w)=(\\d)").GetGroupNumbers() -join ","',
     ["0,1,k", "0,1,2"]),
    # .NET replacement syntax: $n, ${name}, $0, $$, $&, and an unknown group stays literal
    ('[regex]::Replace("2024-05-06", "(?<y>\\d+)-(\\d+)-(?<d>\\d+)", \'$1/${d}/${y} [$0] $$ $& $9\')',
     ["05/06/2024 [2024-05-06] $ 2024-05-06 $9"]),
    ("'ab' -replace '(?<n>a)(b)', '$2$1${n}'", ["aba"]),
    ('[regex]::Replace("abc", "[ac]", { param($m) $m.Value.ToUpper() })', ["AbC"]),
    ('([regex]"\\d").Replace("a1b2c3", "#", 2)', ["a#b#c3"]),
    ('[regex]::Split("a1b22c", "\\d+") -join ","; [regex]::Split("a1b22c", "(\\d+)") -join ","',
     ["a,b,c", "a,1,b,22,c"]),
    ('([regex]",").Split("a,b,c", 2) -join "|"; ([regex]"(,)").Split("a,b,c", 2) -join "|"', ["a|b,c", "a|,|b,c"]),
    (r'[regex]::IsMatch("ä", "^\p{L}$"); [regex]::IsMatch("7", "^\P{L}$"); [regex]::IsMatch("b`n", "b\Z")',
     [True, True, True]),
    ('[regex]::Escape("a.b*c [x] #1")', ["a\\.b\\*c\\ \\[x]\\ \\#1"]),
    ("[regex]::Unescape('a\\.b\\*c\\ \\[x\\]\\t!\\u0041')", ["a.b*c [x]\t!A"]),
    ('$r = [regex]::new("^b", "Multiline"); $r.IsMatch("a`nb"); "$($r.Options)"; "$r"', [True, "Multiline", "^b"]),
    ('[regex]::IsMatch("a`nb", "a.b"); [regex]::IsMatch("a`nb", "a.b", "Singleline")', [False, True]),
    ('[regex]::IsMatch("ab", "(a)b", "ExplicitCapture"); ([regex]::new("(a)(?<n>b)", "ExplicitCapture")).GetGroupNames() -join ","',
     [True, "0,n"]),
    ('[regex]::IsMatch("AB", "(?i)ab"); [regex]::IsMatch("aB", "a(?i)b"); [regex]::IsMatch("AB", "a(?i)b")',
     [True, True, False]),
    ('[regex]::IsMatch("abab", "(ab)\\1"); [regex]::IsMatch("xx", "(?<c>x)\\k<c>")', [True, True]),
    ('"$([regex]::Match("abc","b"))"', ["b"]),
    ('[regex]::Match("a1", "\\d") -is [System.Text.RegularExpressions.Match]', [True]),
    # -match and switch -regex follow .NET's group numbering too
    ("'ab' -match '(?<n>a)(b)'; $Matches[1]; $Matches.n; $Matches[0]", [True, "b", "a", "ab"]),
    ("'hello' -replace 'l', { $_.Value.ToUpper() + $_.Index }", ["heL2L3o"]),
    ("'abc' -creplace 'B','x'; 'abc' -replace 'B','x'", ["abc", "axc"]),
    ("'x1y22z' -split '\\d+'", ["x", "y", "z"]),
]


@pytest.mark.parametrize("script,expected", REGEX_CASES)
def test_regex(script: str, expected: list) -> None:
    assert ok(script) == expected


def test_match_is_displayed_as_pwsh_lists_it() -> None:
    text = run_ps('[regex]::Match("abc","b")').text
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    assert lines == ["Groups    : {0}", "Success   : True", "Name      : 0", "Captures  : {0}", "Index     : 1",
                     "Length    : 1", "Value     : b", "ValueSpan :"]


def test_match_with_groups_lists_group_names() -> None:
    text = run_ps('[regex]::Match("a1", "(?<l>[a-z])(\\d)")').text
    assert "Groups    : {0, 1, l}" in text


@pytest.mark.parametrize("script", ["'a' -match '('", "'a' -replace 'a)', 'x'", "'a' -split '['"])
def test_operator_with_an_invalid_pattern_is_invalid_regular_expression(script: str) -> None:
    ran = run_ps(script)
    assert ran.error_ids == ["InvalidRegularExpression"]
    pattern = script.split("'")[3]
    assert format_error(ran.errors[0]) == f"InvalidOperation: The regular expression pattern {pattern} is not valid."


@pytest.mark.parametrize("script,error", [
    ('[regex]::new("(")', 'MethodInvocationException: Exception calling ".ctor" with "1" argument(s): '
                          '"Invalid pattern \'(\' at offset 1. Not enough )\'s."'),
    ('[regex]::IsMatch("a", "a)")', 'MethodInvocationException: Exception calling "IsMatch" with "2" argument(s): '
                                    '"Invalid pattern \'a)\' at offset 2. Too many )\'s."'),
    ('[regex]::Match($null, "a")', 'MethodInvocationException: Exception calling "Match" with "2" argument(s): '
                                   '"Value cannot be null. (Parameter \'input\')"'),
    ('[regex]::IsMatch("a")', 'MethodException: Cannot find an overload for "IsMatch" and the argument count: "1".'),
])
def test_regex_errors(script: str, error: str) -> None:
    assert concise(script) == [error]


# --- 3. [Environment] ------------------------------------------------------------------------------
def test_environment_static_properties() -> None:
    out = ok("[System.Environment]::MachineName; [Environment]::UserName; [Environment]::CurrentDirectory; "
             "[Environment]::ProcessorCount -ge 1; [Environment]::NewLine -eq \"`n\"; [Environment]::Is64BitProcess")
    import pwd

    assert out == [socket.gethostname().split(".")[0], pwd.getpwuid(os.geteuid()).pw_name, os.getcwd(),
                   True, True, True]


def test_os_version_is_unix_with_the_kernel_release() -> None:
    release = os.uname().release
    numbers = [int("".join(ch for ch in part if ch.isdigit()) or 0)
               for part in release.replace("-", ".").split(".")[:4]]
    out = ok("$v = [Environment]::OSVersion; \"$($v.Platform)\"; $v.Version.Major; $v.Version.Minor; "
             "$v.VersionString.StartsWith('Unix '); $v.GetType().FullName")
    assert out == ["Unix", numbers[0], numbers[1], True, "System.OperatingSystem"]


def test_environment_variables_are_the_sessions() -> None:
    env = {"HOME": "/home/u", "GIVEN": "g"}
    out = ok("$env:FROM_SCRIPT = 'x1'\n"
             "[Environment]::GetEnvironmentVariable('FROM_SCRIPT')\n"
             "[Environment]::GetEnvironmentVariable('GIVEN', 'Process')\n"
             "[Environment]::SetEnvironmentVariable('SET_BY_NET', 'y2'); $env:SET_BY_NET\n"
             "$vars = [Environment]::GetEnvironmentVariables(); $vars['FROM_SCRIPT']; $vars.Count\n"
             "[Environment]::SetEnvironmentVariable('SET_BY_NET', $null); $null -eq $env:SET_BY_NET\n"
             "$null -eq [Environment]::GetEnvironmentVariable('GIVEN', 'User')\n"
             "[Environment]::ExpandEnvironmentVariables('%GIVEN%-%NOPE%')", environ=env)
    assert out == ["x1", "g", "y2", "x1", 4, True, True, "g-%NOPE%"]
    assert "FROM_SCRIPT" not in os.environ and "SET_BY_NET" not in os.environ


def test_get_folder_path_reads_the_sessions_home() -> None:
    out = ok("[Environment]::GetFolderPath('UserProfile'); "
             "[Environment]::GetFolderPath([Environment+SpecialFolder]::ApplicationData); "
             "[Environment]::GetFolderPath('LocalApplicationData')",
             environ={"HOME": "/home/u", "XDG_CONFIG_HOME": "/cfg"})
    assert out == ["/home/u", "/cfg", "/home/u/.local/share"]


def test_environment_has_no_instance_property_surprises() -> None:
    assert ok("[Environment]::MachineName -ne $null; [Environment]::OSVersion -ne $null") == [True, True]


# --- 4. constructor overloads ------------------------------------------------------------------------
@pytest.mark.parametrize("script,error", [
    ("[version]::new(1,2,3,4,5)", 'MethodException: Cannot find an overload for "new" and the argument count: "5".'),
    ("[guid]::new(1,2)", 'MethodException: Cannot find an overload for "new" and the argument count: "2".'),
    ("[pscredential]::new(1,2,3)", 'MethodException: Cannot find an overload for "new" and the argument count: "3".'),
    ("[datetime]::new(2020,1,2,3,4)", 'MethodException: Cannot find an overload for "new" and the argument count: "5".'),
    # .NET 8 has DateTime(y, M, d, h, m, s, ms, us, Calendar, DateTimeKind): the calendar fails to convert
    ("[datetime]::new(2020,1,2,3,4,5,6,7,8,9)",
     'MethodException: Cannot convert argument "calendar", with value: "8", for "new" to type '
     '"System.Globalization.Calendar": "Cannot convert the "8" value of type "System.Int32" to type '
     '"System.Globalization.Calendar"."'),
    ("[version]::new(1,'x')",
     'MethodException: Cannot convert argument "minor", with value: "x", for "new" to type "System.Int32": '
     '"Cannot convert value "x" to type "System.Int32". Error: "The input string \'x\' was not in a correct format.""'),
    ("[version]::new(1,-2)", 'MethodInvocationException: Exception calling ".ctor" with "2" argument(s): '
                             '"Version\'s parameters must be greater than or equal to zero. (Parameter \'minor\')"'),
    ("[datetime]::new(2020,13,1)", 'MethodInvocationException: Exception calling ".ctor" with "3" argument(s): '
                                   '"Year, Month, and Day parameters describe an un-representable DateTime."'),
    ('"abc".Substring(1,2,3)', 'MethodException: Cannot find an overload for "Substring" and the argument count: "3".'),
    ("New-Object PSCredential 1,2,3", 'New-Object: Cannot find an overload for "PSCredential" and the argument count: "3".'),
    ("New-Object Version 1,2,3,4,5", 'New-Object: Cannot find an overload for "Version" and the argument count: "5".'),
])
def test_overload_errors(script: str, error: str) -> None:
    assert concise(script) == [error]


def test_overload_error_ids() -> None:
    ran = run_ps("[version]::new(1,2,3,4,5); [datetime]::new(1,2,3,4,5,6,7,8,9,10); 'after'")
    assert ran.error_ids == ["MethodCountCouldNotFindBest", "MethodArgumentConversionInvalidCastArgument"]
    assert ran.output == ["after"]


CTOR_CASES = [
    ("[version]::new().ToString(); [version]::new(1,2).ToString(); [version]::new(1,2,3,4).Revision", ["0.0", "1.2", 4]),
    ("[datetime]::new(2020,1,2).ToString('yyyy-MM-dd HH:mm:ss.fff')", ["2020-01-02 00:00:00.000"]),
    ("[datetime]::new(2020,1,2,3,4,5,6).ToString('yyyy-MM-dd HH:mm:ss.fff')", ["2020-01-02 03:04:05.006"]),
    ("[datetime]::new(2020,1,2,3,4,5,'Utc').Kind", ["Utc"]),
    ("[datetime]::new(2020,1,2,3,4,5,6,7).Millisecond", [6]),
    ("[datetime]::new(0).Year; [datetime]::new(864000000000).Day", [1, 2]),
    ("[guid]::new('0f8fad5b-d9cb-469f-a165-70867728950e').Guid", ["0f8fad5b-d9cb-469f-a165-70867728950e"]),
    ("[guid]::new([byte[]](1..16)).Guid", ["04030201-0605-0807-090a-0b0c0d0e0f10"]),
]


@pytest.mark.parametrize("script,expected", CTOR_CASES)
def test_constructors(script: str, expected: list) -> None:
    assert [str(v) if not isinstance(v, str | int) else v for v in ok(script)] == expected


# --- 5. statics are not instance properties ------------------------------------------------------------
CRED = "$c = [pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force))\n"


def test_credential_properties_leave_out_the_static_empty() -> None:
    ran = run_ps(CRED + "$c | Format-List * | Out-String\n"
                 "($c | Select-Object * | Get-Member -MemberType NoteProperty).Name -join ','\n"
                 "($c | Get-Member -MemberType Property).Name -join ','\n($c | Select-Object *) | Out-String")
    fl, names, members, selected = ran.output
    assert [line.split(":")[0].rstrip() for line in fl.strip().split("\n")] == ["UserName", "Password"]
    assert members == "Password,UserName"
    assert names == "Password,UserName"
    assert selected.split("\n")[1].split() == ["UserName", "Password"]


def test_credential_get_member_definitions() -> None:
    text = run_ps(CRED + "$c | Get-Member | Out-String").output[0]
    assert "Empty" not in text
    assert "Password             Property   securestring Password {get;}" in text
    assert "GetNetworkCredential Method     System.Net.NetworkCredential GetNetworkCredential()" in text


def test_static_empty_still_reads_through_the_type() -> None:
    assert ok("[pscredential]::Empty.UserName -eq $null; [guid]::Empty.Guid") == [
        True, "00000000-0000-0000-0000-000000000000"]


def test_other_bridged_types_keep_their_properties() -> None:
    out = ok("('a b' | Measure-Object -Word | Format-List * | Out-String).Trim() -replace '\\s+', ' '; "
             "(1,2 | Measure-Object -Sum | Get-Member -MemberType Property).Name -join ','; "
             "([System.Security.Cryptography.X509Certificates.StoreName]::My | Get-Member -MemberType Property).Name; "
             "((Get-Command Get-Date) | Get-Member -MemberType Property).Count -gt 0")
    assert out == ["Lines : Words : 2 Characters : Property :",
                   "Average,Count,Maximum,Minimum,Property,StandardDeviation,Sum", "value__", True]


def test_enum_values_list_system_enum_members_not_the_other_values() -> None:
    out = ok("$n = [System.Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite\n"
             "($n | Get-Member).Name -join ','\n$n.value__")
    assert out == ["CompareTo,Equals,GetHashCode,GetType,GetTypeCode,HasFlag,ToString,value__", 1]


# --- 6. conversion errors name the source type -------------------------------------------------------------
@pytest.mark.parametrize("script,error", [
    ("[guid]5", 'InvalidArgument: Cannot convert the "5" value of type "System.Int32" to type "System.Guid".'),
    ("[guid]$true", 'InvalidArgument: Cannot convert the "True" value of type "System.Boolean" to type "System.Guid".'),
    ("[guid]1.5", 'InvalidArgument: Cannot convert the "1.5" value of type "System.Double" to type "System.Guid".'),
    ("ConvertFrom-SecureString -SecureString 5",
     "ConvertFrom-SecureString: Cannot bind parameter 'SecureString'. Cannot convert the value of type "
     '"System.Int32" to type "System.Security.SecureString".'),
    ('"abc".NoSuch()', "InvalidOperation: Method invocation failed because [System.String] does not contain a "
                       "method named 'NoSuch'."),
    ("(1).NoSuch()", "InvalidOperation: Method invocation failed because [System.Int32] does not contain a "
                     "method named 'NoSuch'."),
])
def test_conversion_errors_name_the_source_type(script: str, error: str) -> None:
    assert concise(script) == [error]


def test_a_datetime_that_does_not_convert_names_system_datetime() -> None:
    (line,) = concise("[int][datetime]'2020-01-02'")
    assert line.startswith('InvalidArgument: Cannot convert the "')
    assert line.endswith('" value of type "System.DateTime" to type "System.Int32".')


def test_type_full_name_of_python_builtins() -> None:
    import datetime
    import enum

    from pwshim.runtime.dotnet import type_full_name

    class Local(enum.IntEnum):
        A = 1

    assert [type_full_name(v) for v in (5, True, 1.5, "s", datetime.datetime(2020, 1, 1), [1], {}, b"x",
                                        datetime.timedelta(0), None, Local.A, object())] == [
        "System.Int32", "System.Boolean", "System.Double", "System.String", "System.DateTime", "System.Object[]",
        "System.Collections.Hashtable", "System.Byte[]", "System.TimeSpan", "System.Object", "System.Object",
        "System.Object"]
    assert type_full_name(int) == "System.Int32" and type_full_name(str) == "System.String"


# --- 7. members that were missing ---------------------------------------------------------------------------
MEMBER_CASES = [
    ("[version]::Parse('1.2.3').Build; [version]::Parse(' 4.5 ').ToString()", [3, "4.5"]),
    ("[System.IO.Path]::Join('a','b'); [IO.Path]::Join('a/','/b'); [IO.Path]::Join('a', '', $null, 'c')",
     ["a/b", "a//b", "a/c"]),
    ("[IO.Path]::Join('/x', '/y', 'z', 'w', 'v'); [IO.Path]::Combine('a', '/b')", ["/x/y/z/w/v", "/b"]),
    ("$f = [System.Security.Cryptography.X509Certificates.OpenFlags]'ReadWrite, OpenExistingOnly'\n"
     "$f.HasFlag([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite)\n"
     "$f.HasFlag([System.Security.Cryptography.X509Certificates.OpenFlags]::MaxAllowed)\n"
     "$f.HasFlag('OpenExistingOnly')", [True, False, True]),
    ("[Flags()] enum Perm { R = 1; W = 2; X = 4 }\n$p = [Perm]'R, X'; $p.HasFlag([Perm]::X); $p.HasFlag([Perm]::W)",
     [True, False]),
    ("[System.Security.Cryptography.X509Certificates.StoreName]::My.ToString('D')", ["5"]),
]


@pytest.mark.parametrize("script,expected", MEMBER_CASES)
def test_members(script: str, expected: list) -> None:
    assert ok(script) == expected


def test_has_flag_of_another_enum_type_is_dotnets_argument_exception() -> None:
    assert concise("[System.Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite.HasFlag("
                   "[System.Security.Cryptography.X509Certificates.StoreName]::My)") == [
        'MethodInvocationException: Exception calling "HasFlag" with "1" argument(s): "The argument type, '
        "'System.Security.Cryptography.X509Certificates.StoreName', is not the same as the enum type "
        "'System.Security.Cryptography.X509Certificates.OpenFlags'.\""]


def test_get_member_static_lists_what_instances_do_not() -> None:
    text = run_ps("[pscredential] | Get-Member -Static | Out-String").output[0]
    rows = [line.rstrip() for line in text.strip("\n").split("\n")[4:]]
    assert rows == [
        "Equals          Method     static bool Equals(System.Object objA, System.Object objB)",
        "ReferenceEquals Method     static bool ReferenceEquals(System.Object objA, System.Object objB)",
        "Empty           Property   static pscredential Empty {get;}",
    ]
    out = ok(CRED + "($c | Get-Member -Static -MemberType Property).Name\n"
             "([System.Security.Cryptography.X509Certificates.StoreName] | Get-Member -Static -Name My).Definition\n"
             "([Environment] | Get-Member -Static -MemberType Property -Name UserName).Definition")
    assert out == ["Empty", "static System.Security.Cryptography.X509Certificates.StoreName My {get;}",
                   "static string UserName {get;}"]
