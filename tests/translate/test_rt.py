"""pwshim.translate.rt: the helpers translated scripts call keep PowerShell's semantics.

Each case runs in a subprocess, as a translated script does (rt installs the runner's buffered
console host and the exit hooks on import)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_py(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "case.py"
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    env = dict(os.environ, HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=60, check=False,
                          stdin=subprocess.DEVNULL)


def test_operators_and_conversions(tmp_path: Path) -> None:
    result = run_py(
        """
        from pwshim.translate import rt
        checks = [
            rt.eq("ABC", "abc"), not rt.eq(1, 2), rt.eq(1, "1"), rt.eq([1, 2, 1], 1) == [1, 1],
            rt.like("Contoso", "con*"), rt.match("abc123", r"\\d+"), rt.in_("b", ["a", "b"]),
            rt.add("a", 1) == "a1", rt.add(1, "2") == 3, rt.add([1], 2) == [1, 2], rt.div(5, 2) == 2.5,
            rt.div(4, 2) == 2, rt.text(None) == "", rt.text([1, 2]) == "1 2", rt.text(True) == "True",
            rt.text(1.0) == "1", not rt.true([0]), rt.true("0"), not rt.true(""), rt.true([1, 2]),
            rt.format("{0,-3}|{1:N2}", "a", 3.14159) == "a  |3.14", rt.join(["a", "b"], ",") == "a,b",
            rt.split("a,b", ",") == ["a", "b"], rt.replace("Hello", "l+", "L") == "HeLo",
            list(rt.range(3, 1)) == [3, 2, 1], rt.is_("x", "string"), rt.as_("x", "int") is None,
            rt.convert("42", "int") == 42, rt.index([1, 2], 5) is None, rt.index([1, 2], -1) == 2,
            rt.items(None) == [], rt.items("x") == ["x"], rt.result([]) is None, rt.result([1]) == 1,
            rt.member(None, "Name") is None, rt.member("abc", "Length") == 3,
            rt.call("abc", "ToUpper") == "ABC",
        ]
        print([i for i, ok in enumerate(checks) if not ok])
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_hashtables_objects_and_types(tmp_path: Path) -> None:
    result = run_py(
        """
        from pwshim.translate import rt
        h = rt.hashtable({"Region": "westeurope"})
        print(h["region"], h.region, len(h))
        o = rt.custom_object({"CertPath": "a", "Size": 2})
        print(o.cert_path, o.CertPath, o.size)
        StoreName = rt.dotnet_type("System.Security.Cryptography.X509Certificates.StoreName")
        print(rt.text(StoreName.My), rt.text(StoreName.my))
        PSCredential = rt.dotnet_type("System.Management.Automation.PSCredential")
        secure = rt.convert("pw", "securestring") if False else None
        Math = rt.dotnet_type("System.Math")
        print(round(Math.PI, 2))
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "westeurope westeurope 1\na a 2\nMy My\n3.14\n"


def test_emit_formats_like_the_runner_and_flushes_before_host_output(tmp_path: Path) -> None:
    result = run_py(
        """
        from pwshim.translate import rt
        from pwshim.api import write_host
        rt.emit([rt.custom_object({"Name": "a", "Size": 1}), rt.custom_object({"Name": "b", "Size": 22})])
        write_host(object="between")
        rt.emit("text")
        rt.emit(None)
        rt.emit(rt.custom_object({"Name": "c", "Size": 3}))
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    script = (
        "[pscustomobject]@{ Name = 'a'; Size = 1 }, [pscustomobject]@{ Name = 'b'; Size = 22 }\n"
        "Write-Host between\n'text'\n$null\n[pscustomobject]@{ Name = 'c'; Size = 3 }\n"
    )
    env = dict(os.environ, HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    runner = subprocess.run([sys.executable, "-m", "pwshim", "-NonInteractive", "-Command", script], capture_output=True,
                            text=True, env=env, timeout=60, check=False, stdin=subprocess.DEVNULL)
    assert runner.returncode == 0, runner.stderr
    assert result.stdout == runner.stdout
    assert "between\ntext\n" in result.stdout and result.stdout.count("Name Size") >= 1


def test_uncaught_errors_print_like_pwshim(tmp_path: Path) -> None:
    result = run_py(
        """
        from pwshim.translate import rt
        rt.emit("before")
        raise rt.throw("Something failed")
        """,
        tmp_path,
    )
    assert result.returncode == 1
    assert result.stdout == "before\n"
    assert "Something failed" in result.stderr and "Traceback" not in result.stderr


def test_script_parameters(tmp_path: Path) -> None:
    result = run_py(
        """
        from pwshim.translate import rt
        spec = {"TenantId": "", "Name": "default", "Force": False}
        print(rt.script_parameters(["-tenant", "t1", "-Force"], spec))
        print(rt.script_parameters(["t2", "n2"], spec))
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "{'TenantId': 't1', 'Name': 'default', 'Force': True}",
        "{'TenantId': 't2', 'Name': 'n2', 'Force': False}",
    ]
