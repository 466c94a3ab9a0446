"""Select/Where/ForEach/Sort/Measure/Group/Compare/Tee-Object, Format-*/Out-*, Get-Member,
through the real binder with Python values (script-block paths: test_scripts.py)."""

from __future__ import annotations

import pytest

from pwshim.cmdlets.utility_collect import GenericMeasureInfo, GroupInfo
from pwshim.formatting import FormatRequest, format_objects
from pwshim.runtime.cmdlet import find_cmdlet
from pwshim.runtime.errors import PSError
from pwshim.runtime.objects import Hashtable, PSObject


def obj(**props: object) -> PSObject:
    return PSObject(list(props.items()))


PEOPLE = [obj(Name="bob", Age=30), obj(Name="Alice", Age=25), obj(Name="carol", Age=35), obj(Name="alice", Age=40)]


@pytest.mark.parametrize(
    "alias, name",
    [("select", "Select-Object"), ("where", "Where-Object"), ("?", "Where-Object"), ("foreach", "ForEach-Object"),
     ("%", "ForEach-Object"), ("measure", "Measure-Object"), ("group", "Group-Object"), ("gm", "Get-Member"),
     ("ft", "Format-Table"), ("fl", "Format-List"), ("gci", "Get-ChildItem"), ("dir", "Get-ChildItem"),
     ("gi", "Get-Item"), ("ni", "New-Item"), ("ri", "Remove-Item"), ("del", "Remove-Item"), ("cd", "Set-Location"),
     ("sl", "Set-Location"), ("gl", "Get-Location"), ("pwd", "Get-Location"), ("gc", "Get-Content"),
     ("type", "Get-Content"), ("copy", "Copy-Item"), ("move", "Move-Item"), ("rvpa", "Resolve-Path")],
)
def test_linux_aliases(alias: str, name: str) -> None:
    cls = find_cmdlet(alias)
    assert cls is not None and cls.name == name


@pytest.mark.parametrize("alias", ["ls", "rm", "cp", "mv", "cat", "sort", "tee", "diff", "ac", "rmdir"])
def test_windows_only_aliases_absent(alias: str) -> None:
    # pwsh on Linux does not define these (InitialSessionState, #if !UNIX)
    assert find_cmdlet(alias) is None


def test_select_properties_first_last_skip(run) -> None:
    out = run("Select-Object", *PEOPLE, Property=["Name"], First=2)
    assert [o.properties() for o in out] == [[("Name", "bob")], [("Name", "Alice")]]
    assert out[0].type_names[0] == "Selected.System.Management.Automation.PSCustomObject"
    assert [o.get("Name") for o in run("Select-Object", *PEOPLE, Last=2)] == ["carol", "alice"]
    assert [o.get("Name") for o in run("Select-Object", *PEOPLE, Skip=3)] == ["alice"]
    assert run("Select-Object", 1, 2, 3, 4, Index=[0, 2]) == [1, 3]


def test_select_calculated_and_wildcard_properties(run) -> None:
    spec = Hashtable([("N", "Years"), ("E", "Age")])
    out = run("Select-Object", PEOPLE[0], Property=["Na*", spec, Hashtable([("Label", "Missing"), ("Expression", "nope")])])
    assert out[0].properties() == [("Name", "bob"), ("Years", 30), ("Missing", None)]


def test_select_bad_calculated_key_is_an_error(run) -> None:
    with pytest.raises(Exception, match='The "Bogus" key is not valid.'):
        run("Select-Object", PEOPLE[0], Property=[Hashtable([("Bogus", 1), ("E", "Age")])])


def test_select_expand_property_and_missing(run) -> None:
    assert run("Select-Object", obj(L=[1, 2]), obj(L=3), ExpandProperty="L") == [1, 2, 3]
    assert run("Select-Object", obj(a=1), ExpandProperty="zz") == []
    assert run.errors[0].message == 'Property "zz" cannot be found.'
    assert run.errors[0].FullyQualifiedErrorId == "ExpandPropertyNotFound,Microsoft.PowerShell.Commands.SelectObjectCommand"


def test_select_unique_is_case_sensitive(run) -> None:
    assert run("Select-Object", "a", "A", "a", "b", Unique=True) == ["a", "A", "b"]


@pytest.mark.parametrize(
    "op, value, names",
    [
        ("EQ", "alice", ["Alice", "alice"]),
        ("CEQ", "alice", ["alice"]),
        ("NE", "bob", ["Alice", "carol", "alice"]),
        ("Like", "*o*", ["bob", "carol"]),
        ("NotLike", "a*", ["bob", "carol"]),
        ("Match", "^c", ["carol"]),
        ("In", ["bob", "carol"], ["bob", "carol"]),
        ("NotIn", ["bob", "carol"], ["Alice", "alice"]),
    ],
)
def test_where_simplified_syntax(run, op: str, value: object, names: list[str]) -> None:
    out = run("Where-Object", *PEOPLE, Property="Name", Value=value, **{op: True})
    assert [o.get("Name") for o in out] == names


def test_where_numeric_comparisons_use_left_type(run) -> None:
    assert [o.get("Age") for o in run("Where-Object", *PEOPLE, Property="Age", GT=True, Value="30")] == [35, 40]
    assert [o.get("Age") for o in run("Where-Object", *PEOPLE, Property="Age", LE=True, Value=30)] == [30, 25]


def test_where_truthiness_and_not(run) -> None:
    items = [obj(On=True, N=1), obj(On=False, N=2), obj(N=3)]
    assert [o.get("N") for o in run("Where-Object", *items, FilterScript="On")] == [1]
    assert [o.get("N") for o in run("Where-Object", *items, Property="On", Not=True)] == [2, 3]
    assert run("Where-Object", obj(L=[1, 2]), Property="L", Contains=True, Value=2)


def test_foreach_member_name_and_method(run) -> None:
    assert run("ForEach-Object", *PEOPLE[:2], MemberName="Name") == ["bob", "Alice"]
    assert run("ForEach-Object", "abc", "de", MemberName="ToUpper") == ["ABC", "DE"]
    assert run("ForEach-Object", "a-b", MemberName="Split", ArgumentList=["-"]) == ["a", "b"]
    assert run("ForEach-Object", "x", Process=["Length"]) == [1]


def test_sort_object(run) -> None:
    assert [o.get("Name") for o in run("Sort-Object", *PEOPLE, Property=["Name"])] == ["Alice", "alice", "bob", "carol"]
    assert [o.get("Age") for o in run("Sort-Object", *PEOPLE, Property=["Age"], Descending=True)] == [40, 35, 30, 25]
    assert run("Sort-Object", 10, 9, 100, 1) == [1, 9, 10, 100]
    assert run("Sort-Object", "b", "B", "a", "A", Unique=True) == ["a", "b"]
    assert run("Sort-Object", 3, 1, 2, Top=2) == [1, 2]
    spec = Hashtable([("Expression", "Age"), ("Descending", True)])
    assert [o.get("Age") for o in run("Sort-Object", *PEOPLE, Property=[spec])] == [40, 35, 30, 25]


def test_measure_object(run) -> None:
    (m,) = run("Measure-Object", 1, 2, 3, 4, Sum=True, Average=True, Maximum=True, Minimum=True)
    assert isinstance(m, GenericMeasureInfo)
    assert (m.Count, m.Sum, m.Average, m.Maximum, m.Minimum) == (4, 10.0, 2.5, 4.0, 1.0)
    (p,) = run("Measure-Object", *PEOPLE, Property=["Age"], Sum=True)
    assert (p.Count, p.Sum, p.Property) == (4, 130.0, "Age")
    assert format_objects([run("Measure-Object", 1, 2, 3)[0]]) == (
        "\nCount             : 3\nAverage           : \nSum               : \nMaximum           : \n"
        "Minimum           : \nStandardDeviation : \nProperty          : \n\n"
    )
    (t,) = run("Measure-Object", "one two\nthree", Line=True, Word=True, Character=True)
    assert (t.Lines, t.Words, t.Characters) == (2, 3, 13)


def test_measure_non_numeric_is_an_error(run) -> None:
    run("Measure-Object", 1, "x", Sum=True)
    assert run.errors[0].message == 'Input object "x" is not numeric.'


def test_group_object(run) -> None:
    groups = run("Group-Object", *PEOPLE, Property=["Name"])
    assert all(isinstance(g, GroupInfo) for g in groups)
    assert [(g.Name, g.Count) for g in groups] == [("bob", 1), ("Alice", 2), ("carol", 1)]
    assert format_objects(run("Group-Object", "a", "b", "a", NoElement=True)) == (
        "\nCount Name\n----- ----\n    2 a\n    1 b\n\n"
    )
    table = run("Group-Object", 1, 2, 1, AsHashTable=True)[0]
    assert table[1] == [1, 1] and table[2] == [2]


def test_compare_object_order_and_indicators(run) -> None:
    out = run("Compare-Object", ReferenceObject=["bird", "dog", "squirrel"], DifferenceObject=["bird", "cat", "racoon"],
              IncludeEqual=True)
    assert [(o.get("InputObject"), o.get("SideIndicator")) for o in out] == [
        ("bird", "=="), ("cat", "=>"), ("racoon", "=>"), ("dog", "<="), ("squirrel", "<="),
    ]


def test_tee_object_variable(run, session) -> None:
    assert run("Tee-Object", 1, 2, Variable="saved") == [1, 2]
    assert session.get_variable("saved") == [1, 2]


def test_format_table_emits_request_with_calculated_column(run) -> None:
    (req,) = run("Format-Table", *PEOPLE[:2], Property=["Name", Hashtable([("L", "Double"), ("E", "Age"), ("Width", 8)])])
    assert isinstance(req, FormatRequest)
    assert format_objects([req]) == (
        "\nName    Double\n----    ------\nbob         30\nAlice       25\n\n"
    )


def test_format_list_star_and_out_string(run) -> None:
    (req,) = run("Format-List", obj(a=1, b=2), Property=["*"])
    assert format_objects([req]) == "\na : 1\nb : 2\n\n"
    assert run("Out-String", obj(a=1)) == ["\na\n-\n1\n\n"]
    assert run("Out-String", obj(a=1), Stream=True) == ["", "a", "-", "1", ""]
    assert run("Out-String", "x", "y") == ["x\ny\n"]
    assert run("Out-Null", 1, 2) == []


def test_get_member_of_pscustomobject(run) -> None:
    text = format_objects(run("Get-Member", obj(a=1, b="x")))
    assert text == (
        "\n   TypeName: System.Management.Automation.PSCustomObject\n\n"
        "Name        MemberType   Definition\n"
        "----        ----------   ----------\n"
        "Equals      Method       bool Equals(System.Object obj)\n"
        "GetHashCode Method       int GetHashCode()\n"
        "GetType     Method       type GetType()\n"
        "ToString    Method       string ToString()\n"
        "a           NoteProperty int a=1\n"
        "b           NoteProperty string b=x\n\n"
    )


def test_get_member_filters_and_bridged_types(run) -> None:
    names = [m.Name for m in run("Get-Member", "text", MemberType=["Property"])]
    assert names == ["Length"]
    members = {m.Name: m for m in run("Get-Member", Hashtable([("a", 1)]))}
    assert members["Count"].MemberType == "Property"
    assert members["ContainsKey"].MemberType == "Method"
    assert [m.Name for m in run("Get-Member", 1, 2, "s", Name=["GetType"])] == ["GetType", "GetType"]


def test_get_member_without_input_fails() -> None:
    from pwshim.runtime.cmdlet import invoke
    from pwshim.runtime.host import BufferHost
    from pwshim.runtime.session import Session

    with pytest.raises(PSError) as info:
        invoke(find_cmdlet("Get-Member"), Session(host=BufferHost()))
    assert info.value.record.message == "You must specify an object for the Get-Member cmdlet."


def test_select_exclude_property_alone(run) -> None:
    (o,) = run("Select-Object", obj(a=1, b=2, c=3), ExcludeProperty=["b"])
    assert o.properties() == [("a", 1), ("c", 3)]
