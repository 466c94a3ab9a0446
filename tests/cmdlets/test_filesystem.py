"""File-system cmdlets on real files in tmp_path, with pwsh's errors and directory view."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pwshim.cmdlets.filesystem_items import DirectoryInfo, FileInfo, PathInfo
from pwshim.formatting import format_objects
from pwshim.runtime.errors import PSError


def test_set_add_get_content_roundtrip(run, tmp_path: Path) -> None:
    run("Set-Content", Path=["a.txt"], Value=["hello", "world"])
    run("Add-Content", Path=["a.txt"], Value="more")
    assert (tmp_path / "a.txt").read_bytes() == b"hello\nworld\nmore\n"  # utf8NoBOM, LF
    assert run("Get-Content", Path=["a.txt"]) == ["hello", "world", "more"]
    assert run("Get-Content", Path=["a.txt"], Raw=True) == ["hello\nworld\nmore\n"]
    assert run("Get-Content", Path=["a.txt"], TotalCount=1) == ["hello"]
    assert run("Get-Content", Path=["a.txt"], Tail=2) == ["world", "more"]


def test_content_pipeline_nonewline_and_encodings(run, tmp_path: Path) -> None:
    run("Set-Content", "x", "y", Path=["p.txt"], NoNewline=True)
    assert (tmp_path / "p.txt").read_text() == "xy"
    run("Set-Content", Path=["b.txt"], Value="é", Encoding="utf8BOM")
    assert (tmp_path / "b.txt").read_bytes() == b"\xef\xbb\xbf\xc3\xa9\n"
    assert run("Get-Content", Path=["b.txt"]) == ["é"]
    run("Set-Content", Path=["u.txt"], Value="hi", Encoding="unicode")
    assert (tmp_path / "u.txt").read_bytes() == b"\xff\xfeh\x00i\x00\n\x00"
    assert run("Get-Content", Path=["u.txt"]) == ["hi"]
    (tmp_path / "crlf.txt").write_bytes(b"a\r\nb\r\n")
    assert run("Get-Content", Path=["crlf.txt"]) == ["a", "b"]


def test_get_content_errors(run, tmp_path: Path) -> None:
    assert run("Get-Content", Path=["missing.txt"]) == []
    err = run.errors[0]
    assert err.message == f"Cannot find path '{tmp_path}/missing.txt' because it does not exist."
    assert err.FullyQualifiedErrorId == "PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand"
    assert err.category == "ObjectNotFound"
    run("Get-Content", Path=[str(tmp_path)])
    assert run.errors[0].message == (
        f"Unable to get content because it is a directory: '{tmp_path}'. Please use 'Get-ChildItem' instead."
    )


def test_set_content_missing_directory(run, tmp_path: Path) -> None:
    run("Set-Content", Path=["nope/x.txt"], Value="v")
    assert run.errors[0].message == f"Could not find a part of the path '{tmp_path}/nope/x.txt'."


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"Path": ["a.txt"]}, [True]),
        ({"Path": ["a.txt"], "PathType": "Leaf"}, [True]),
        ({"Path": ["a.txt"], "PathType": "Container"}, [False]),
        ({"Path": ["d"], "PathType": "Container"}, [True]),
        ({"Path": ["*.txt"]}, [True]),
        ({"Path": ["*.log"]}, [False]),
        ({"LiteralPath": ["*.txt"]}, [False]),
        ({"Path": ["missing", "a.txt"]}, [False, True]),
        ({"Path": ["Q:\\nothing"]}, [False]),
        ({"Path": ["/definitely/not/here"], "IsValid": True}, [True]),
        ({"Path": ["Env:HOME"]}, [True]),
        ({"Path": ["env:NOPE_NOT_SET"]}, [False]),
        ({"Path": ["~"]}, [True]),
    ],
)
def test_test_path(run, tmp_path: Path, params: dict, expected: list[bool]) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "d").mkdir()
    assert run("Test-Path", **params) == expected


def test_test_path_empty_string_is_binding_error(run) -> None:
    with pytest.raises(PSError) as info:
        run("Test-Path", Path=[""])
    assert info.value.record.message == "Cannot bind argument to parameter 'Path' because it is an empty string."


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"Path": ["/a/b/c.txt"]}, "/a/b"),
        ({"Path": ["/a/b/c.txt"], "Leaf": True}, "c.txt"),
        ({"Path": ["/a/b/c.txt"], "LeafBase": True}, "c"),
        ({"Path": ["/a/b/c.tar.gz"], "Extension": True}, ".gz"),
        ({"Path": ["/a"]}, "/"),
        ({"Path": ["file.txt"]}, ""),
        ({"Path": ["a\\b\\c"]}, "a/b"),
        ({"Path": ["Cert:\\CurrentUser\\My"]}, "Cert:\\CurrentUser"),
        ({"Path": ["Cert:\\CurrentUser\\My"], "Qualifier": True}, "Cert:"),
        ({"Path": ["Cert:\\CurrentUser\\My"], "NoQualifier": True}, "\\CurrentUser\\My"),
        ({"Path": ["/x/y"], "IsAbsolute": True}, True),
        ({"Path": ["x/y"], "IsAbsolute": True}, False),
    ],
)
def test_split_path(run, params: dict, expected: object) -> None:
    assert run("Split-Path", **params) == [expected]


def test_split_path_qualifier_missing(run) -> None:
    with pytest.raises(PSError, match="does not contain a qualifier"):
        run("Split-Path", Path=["/a/b"], Qualifier=True)


def test_join_path(run) -> None:
    assert run("Join-Path", Path=["/a/"], ChildPath="/b", AdditionalChildPath=["c"]) == ["/a/b/c"]
    assert run("Join-Path", Path=["a", "x"], ChildPath="b") == ["a/b", "x/b"]
    assert run("Join-Path", Path=["Cert:\\CurrentUser"], ChildPath="My") == ["Cert:\\CurrentUser\\My"]
    assert run("Join-Path", Path=["C:\\Users"], ChildPath="x") == []
    assert run.errors[0].message == "Cannot find drive. A drive with the name 'C' does not exist."
    assert run.errors[0].FullyQualifiedErrorId == "DriveNotFound,Microsoft.PowerShell.Commands.JoinPathCommand"


def test_resolve_path(run, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.txt").write_text("x")
    out = run("Resolve-Path", Path=["*.txt"])
    assert all(isinstance(p, PathInfo) for p in out)
    assert [p.Path for p in out] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert format_objects(out[:1]) == f"\nPath\n----\n{tmp_path}/a.txt\n\n"
    assert run("Resolve-Path", Path=["zzz"]) == []
    assert run.errors[0].FullyQualifiedErrorId == "PathNotFound,Microsoft.PowerShell.Commands.ResolvePathCommand"


def test_new_item_file_directory_and_errors(run, tmp_path: Path) -> None:
    (d,) = run("New-Item", Path=["sub"], ItemType="dir")
    assert isinstance(d, DirectoryInfo) and (tmp_path / "sub").is_dir()
    (f,) = run("New-Item", Path=["sub"], Name="f.txt", Value="body")
    assert isinstance(f, FileInfo) and (tmp_path / "sub/f.txt").read_text() == "body"
    assert f.Length == 4 and f.Name == "f.txt" and f.Extension == ".txt" and f.BaseName == "f"
    run("New-Item", Path=["sub/f.txt"])
    assert run.errors[0].message == f"The file '{tmp_path}/sub/f.txt' already exists."
    run("New-Item", Path=["sub"], ItemType="Directory")
    assert run.errors[0].message == f"An item with the specified name {tmp_path}/sub already exists."
    assert run.errors[0].FullyQualifiedErrorId == "DirectoryExist,Microsoft.PowerShell.Commands.NewItemCommand"
    assert len(run("New-Item", Path=["sub"], ItemType="Directory", Force=True)) == 1
    run("New-Item", Path=["x/y/z.txt"])
    assert run.errors[0].message == f"Could not find a part of the path '{tmp_path}/x/y/z.txt'."
    run("New-Item", Path=["x/y/z.txt"], Force=True, Value="1")
    assert (tmp_path / "x/y/z.txt").read_text() == "1"
    with pytest.raises(PSError, match="not a known type"):
        run("New-Item", Path=["q"], ItemType="Registry")


def test_get_item_and_child_items(run, tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("bb")
    (tmp_path / "A.log").write_text("a")
    (tmp_path / ".hidden").write_text("h")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("c")
    names = [i.Name for i in run("Get-ChildItem")]
    assert names == ["sub", "A.log", "b.txt"]  # directories first, hidden files need -Force
    assert ".hidden" in [i.Name for i in run("Get-ChildItem", Force=True)]
    assert [i.Name for i in run("Get-ChildItem", Filter="*.txt")] == ["b.txt"]
    assert [i.Name for i in run("Get-ChildItem", Recurse=True, Filter="*.txt")] == ["b.txt", "c.txt"]
    assert [i.Name for i in run("Get-ChildItem", File=True)] == ["A.log", "b.txt"]
    assert [i.Name for i in run("Get-ChildItem", Directory=True)] == ["sub"]
    assert run("Get-ChildItem", Recurse=True, Name=True) == ["sub", "A.log", "b.txt", "sub/c.txt"]
    assert [i.Name for i in run("Get-ChildItem", Exclude=["*.log"])] == ["sub", "b.txt"]
    (item,) = run("Get-Item", Path=["b.txt"])
    assert item.FullName == str(tmp_path / "b.txt")
    assert item.PSPath == f"Microsoft.PowerShell.Core\\FileSystem::{tmp_path}/b.txt"
    assert item.PSParentPath == f"Microsoft.PowerShell.Core\\FileSystem::{tmp_path}"
    assert item.PSIsContainer is False and item.Mode == "-----" and item.UnixMode.startswith("-rw")
    assert run("Get-Item", Path=["nothing"]) == []
    assert run.errors[0].message == f"Cannot find path '{tmp_path}/nothing' because it does not exist."
    assert run.errors[0].FullyQualifiedErrorId == "PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand"
    assert run.errors[0].category == "ObjectNotFound"


def test_drive_not_found(run) -> None:
    assert run("Get-ChildItem", Path=["X:\\foo"]) == []
    err = run.errors[0]
    assert err.message == "Cannot find drive. A drive with the name 'X' does not exist."
    assert err.FullyQualifiedErrorId == "DriveNotFound,Microsoft.PowerShell.Commands.GetChildItemCommand"
    assert err.category == "ObjectNotFound"


def test_directory_listing_view(run, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello")
    os.utime(tmp_path / "a.txt", (1_700_000_000, 1_700_000_000))
    (tmp_path / "d").mkdir()
    items = run("Get-ChildItem")
    text = format_objects(items)
    lines = text.split("\n")
    assert lines[0] == "" and lines[1] == f"    Directory: {tmp_path}" and lines[2] == ""
    assert lines[3] == "UnixMode         User Group         LastWriteTime         Size Name"
    assert lines[4] == "--------         ---- -----         -------------         ---- ----"
    file_row = lines[6]
    assert file_row.startswith("-rw")
    assert file_row.endswith("           5 a.txt")
    assert items[1].LastWriteTime is not None
    stamp = items[1].LastWriteTime
    assert f"{stamp.month}/{stamp.day}/{stamp.year} {stamp.hour:02d}:{stamp.minute:02d}" in file_row
    assert lines[5].startswith("d") and lines[5].endswith(" d")
    assert text.endswith("a.txt\n\n")


def test_remove_copy_move_rename(run, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "d").mkdir()
    run("Copy-Item", Path=["a.txt"], Destination="d")
    assert (tmp_path / "d/a.txt").read_text() == "a"
    run("Copy-Item", Path=["d"], Destination="e", Recurse=True)
    assert (tmp_path / "e/a.txt").exists()
    run("Move-Item", Path=["a.txt"], Destination="moved.txt")
    assert (tmp_path / "moved.txt").exists() and not (tmp_path / "a.txt").exists()
    run("Rename-Item", Path="moved.txt", NewName="renamed.txt")
    assert (tmp_path / "renamed.txt").exists()
    run("Rename-Item", Path="renamed.txt", NewName="e")
    assert run.errors[0].message == "Cannot create a file when that file already exists."
    run("Remove-Item", Path=["renamed.txt"])
    assert not (tmp_path / "renamed.txt").exists()
    run("Remove-Item", Path=["e"], Recurse=True)
    assert not (tmp_path / "e").exists()
    run("Remove-Item", Path=["gone"])
    assert run.errors[0].FullyQualifiedErrorId == "PathNotFound,Microsoft.PowerShell.Commands.RemoveItemCommand"
    (tmp_path / "w1.tmp").write_text("")
    (tmp_path / "w2.tmp").write_text("")
    run("Remove-Item", Path=["*.tmp"])
    assert not list(tmp_path.glob("*.tmp"))


def test_remove_nonempty_directory_asks(run, session, tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d/f").write_text("")
    session.host.answers = ["n"]
    run("Remove-Item", Path=["d"])
    assert (tmp_path / "d").exists()
    assert "has children and the Recurse parameter was not specified" in session.host.text
    session.host.answers = ["y"]
    run("Remove-Item", Path=["d"])
    assert not (tmp_path / "d").exists()


def test_locations(run, session, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    run("Set-Location", Path="sub")
    assert session.cwd == str(tmp_path / "sub")
    (loc,) = run("Get-Location")
    assert loc.Path == str(tmp_path / "sub") and str(loc.ToString()) == loc.Path
    run("Set-Location", Path="..")
    assert session.cwd == str(tmp_path)
    run("Push-Location", Path="sub")
    assert session.cwd == str(tmp_path / "sub")
    run("Pop-Location")
    assert session.cwd == str(tmp_path)
    run("Set-Location", Path="~")
    assert session.cwd == session.environ["HOME"]
    run("Set-Location", Path="-")
    assert session.cwd == str(tmp_path)
    with pytest.raises(PSError) as info:
        run("Set-Location", Path="nowhere")
    assert info.value.record.message == f"Cannot find path '{tmp_path}/nowhere' because it does not exist."
    assert info.value.record.FullyQualifiedErrorId == "PathNotFound,Microsoft.PowerShell.Commands.SetLocationCommand"


def test_out_file_and_tee(run, tmp_path: Path) -> None:
    from pwshim.runtime.objects import PSObject

    run("Out-File", PSObject([("a", 1)]), "text", FilePath="o.txt")
    assert (tmp_path / "o.txt").read_text() == "\na\n-\n1\ntext\n\n"
    run("Out-File", "more", FilePath="o.txt", Append=True)
    assert (tmp_path / "o.txt").read_text().endswith("more\n")
    run("Out-File", "x", FilePath="u16.txt", Encoding="unicode")
    assert (tmp_path / "u16.txt").read_bytes() == b"\xff\xfex\x00\n\x00"


def test_env_drive(run, session) -> None:
    assert run("Get-Content", Path=["Env:HOME"]) == [session.environ["HOME"]]
    entries = run("Get-ChildItem", Path=["Env:"])
    assert {e.Name for e in entries} == set(session.environ)


def test_format_table_with_properties_has_no_directory_groups(run, tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d/x.txt").write_text("xy")
    (tmp_path / "a.txt").write_text("a")
    items = run("Get-ChildItem", Recurse=True, File=True)
    (req,) = run("Format-Table", *items, Property=["Name", "Length"])
    assert format_objects([req]) == "\nName  Length\n----  ------\na.txt      1\nx.txt      2\n\n"
    grouped = format_objects(items)
    assert grouped.count("    Directory: ") == 2


def test_empty_file_and_out_host(run, session, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    assert run("Get-Content", Path=["empty.txt"]) == []
    assert run("Get-Content", Path=["empty.txt"], Raw=True) == []
    from pwshim.runtime.objects import PSObject

    assert run("Out-Host", PSObject([("a", 1)]), "x") == []
    assert session.host.text.endswith("\na\n-\n1\nx\n\n")


def test_os_errors_become_dotnet_messages(run, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    run("New-Item", Path=["f/sub"], ItemType="Directory")
    assert run.errors[0].message == f"Could not find a part of the path '{tmp_path}/f/sub'."
    assert run.errors[0].FullyQualifiedErrorId == "NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand"
    run("Set-Content", Path=["f/x"], Value="v")
    assert run.errors[0].message == f"Could not find a part of the path '{tmp_path}/f/x'."
    run("Out-File", "v", FilePath="f/y")
    assert run.errors[0].message == f"Could not find a part of the path '{tmp_path}/f/y'."


def test_variable_function_alias_drives(run, session) -> None:
    session.set_variable("answer", 42)
    assert run("Test-Path", Path=["variable:answer"]) == [True]
    assert run("Test-Path", Path=["Variable:\\nope"]) == [False]
    assert run("Get-Content", Path=["variable:answer"]) == [42]
    assert [e.Value for e in run("Get-ChildItem", Path=["variable:ans*"])] == [42]
    assert run("Test-Path", Path=["alias:gci"]) == [True]
    assert run("Test-Path", Path=["function:NoSuchFunction"]) == [False]
    run("Remove-Item", Path=["variable:answer"])
    assert run("Test-Path", Path=["variable:answer"]) == [False]
    assert run("Get-Item", Path=["variable:missing"]) == []
    assert run.errors[0].message == "Cannot find path 'Variable:\\missing' because it does not exist."
