"""pwshim benchmarks, one command: `python bench/run.py` (figures as ratios taken in the same run).

Set-up for the Azure CLI baseline (once): `sh bench/setup.sh` creates bench/.venv with
`pip install azure-cli` (Azure CLI lives only there). Without it, step 5 says so.

1. Parse throughput (lines/s) over a corpus of real scripts, beside tree-sitter-pwsh parsing the
   same text in the same process (target: pwshim >= 0.1x tree-sitter's lines/s).
2. Cold start of `pwshim -c '$x = 1'` beside `python -c pass` (target: < 0.1 s over Python's own
   start-up, i.e. the lark grammar is not compiled at every start).
3. `Connect-AzAccount -Identity` against the loopback emulator, end to end in a fresh process.
4. A second process's `Get-AzAccessToken` from the saved context (no token request; target
   under 0.3 s).
5. `pwshim -c 'Connect-AzAccount -Identity'` beside `az login --identity` (Azure CLI from
   bench/.venv) against the SAME loopback emulator, both pointed at it by ARM_CLOUD_METADATA_URL,
   REQUESTS_CA_BUNDLE and AZURE_POD_IDENTITY_AUTHORITY_HOST (azure-identity-offline.md: Azure
   CLI 2.91 works this way), 15 runs interleaved: median wall time and ratio (target pwshim <=
   0.7x az), median CPU time (user+system, the steadier figure when the machine is shared) and
   its ratio, `python -c pass` for scale, peak memory of each child (ru_maxrss from wait4;
   target pwshim <= az), and the load average when done (wall ratios taken under load drift).
Every request goes to 127.0.0.1: the sandbox's loopback guard refuses anything else and the
report counts what it refused.

tree-sitter-pwsh is a baseline only: `pip install ".[bench]"` installs it; without it, step 1
prints pwshim's own figure and says the baseline is missing.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIRS = [ROOT / "tests" / "parser" / "corpus", ROOT / "samples"]


def corpus() -> list[tuple[str, str]]:
    files: list[tuple[str, str]] = []
    for d in CORPUS_DIRS:
        if d.is_dir():
            for p in sorted(d.rglob("*.ps1")):
                files.append((str(p), p.read_text(encoding="utf-8-sig")))
    return files


def bench_parse(rounds: int = 5) -> dict[str, float | str]:
    from pwshim import placeholders
    from pwshim.parser import parse
    from pwshim.runtime.errors import ParseError

    texts = []
    for _, text in corpus():
        if placeholders.find_placeholders(text):
            text = placeholders.substitute(text, {p.name.lower(): "x" for p in placeholders.find_placeholders(text)})
        texts.append(text)
    lines = sum(t.count("\n") + 1 for t in texts)
    ok_texts = []
    for t in texts:
        try:
            parse(t)
            ok_texts.append(t)
        except ParseError:
            pass
    lines_ok = sum(t.count("\n") + 1 for t in ok_texts)

    def run_pwshim() -> float:
        start = time.perf_counter()
        for t in ok_texts:
            parse(t)
        return time.perf_counter() - start

    ours = min(run_pwshim() for _ in range(rounds))
    result: dict[str, float | str] = {
        "files": len(texts), "lines": lines, "lines_parsed": lines_ok,
        "pwshim_lines_per_s": round(lines_ok / ours),
    }
    try:
        import tree_sitter
        import tree_sitter_pwsh

        ts_parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_pwsh.language()))
        encoded = [t.encode() for t in ok_texts]

        def run_ts() -> float:
            start = time.perf_counter()
            for t in encoded:
                ts_parser.parse(t)
            return time.perf_counter() - start

        theirs = min(run_ts() for _ in range(rounds))
        result["tree_sitter_lines_per_s"] = round(lines_ok / theirs)
        result["ratio_vs_tree_sitter"] = round((lines_ok / ours) / (lines_ok / theirs), 3)
    except ImportError:
        result["tree_sitter_lines_per_s"] = "not installed (pip install '.[bench]')"
    return result


def _time_cmd(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    env = env if env is not None else _child_base_env()
    subprocess.run(cmd, check=True, capture_output=True, env=env)  # warm-up (bytecode, caches)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_cold_start(runs: int = 15) -> dict[str, float]:
    python = _time_cmd([sys.executable, "-c", "pass"], runs)
    ours = _time_cmd([sys.executable, "-m", "pwshim", "-NoProfile", "-c", "$x = 1"], runs)
    return {"python_s": round(python, 4), "pwshim_s": round(ours, 4), "overhead_s": round(ours - python, 4),
            "ratio": round(ours / python, 2)}


SP_CONNECT = ("$c = New-Object System.Management.Automation.PSCredential -ArgumentList $env:SP_APP, "
              "(ConvertTo-SecureString $env:SP_SECRET -AsPlainText -Force); "
              "Connect-AzAccount -ServicePrincipal -Credential $c -Tenant $env:SP_TENANT | Out-Null")


def bench_sign_in(runs: int = 5) -> dict[str, object]:
    """Connect-AzAccount -Identity end to end, then a second process's Get-AzAccessToken from
    the saved context: for a service principal (token from the persisted MSAL cache: no token
    request expected) and for the managed identity (azure-identity keeps managed-identity
    tokens in memory only, so each new process asks IMDS once)."""
    from pwshim.emulator import sandbox

    with tempfile.TemporaryDirectory() as home, sandbox(home) as (emu, env):
        full_env = {**_child_base_env(), **env}
        connect = _time_cmd([sys.executable, "-m", "pwshim", "-c", "Connect-AzAccount -Identity"], runs, full_env)
        before = _token_requests(emu)
        mi_token = _time_cmd([sys.executable, "-m", "pwshim", "-c", "$null = Get-AzAccessToken"], runs, full_env)
        mi_after = _token_requests(emu)
        app = emu.seed["app"]
        sp_env = {**full_env, "SP_APP": app["app_id"], "SP_SECRET": app["secret"], "SP_TENANT": emu.seed["tenant_id"]}
        subprocess.run([sys.executable, "-m", "pwshim", "-c", SP_CONNECT], check=True, capture_output=True, env=sp_env)
        sp_before = _token_requests(emu)
        sp_token = _time_cmd([sys.executable, "-m", "pwshim", "-c", "$null = Get-AzAccessToken"], runs, sp_env)
        sp_after = _token_requests(emu)
        python = _time_cmd([sys.executable, "-c", "pass"], runs)
    return {"connect_identity_s": round(connect, 4),
            "second_process_token_sp_s": round(sp_token, 4),
            "second_process_token_sp_token_endpoint_requests": sp_after[0] - sp_before[0],
            "second_process_token_mi_s": round(mi_token, 4),
            "second_process_token_mi_imds_requests": mi_after[1] - before[1],
            "second_process_runs": runs + 1,
            "second_process_token_target_s": 0.3,
            "python_s": round(python, 4)}


AZ = ROOT / "bench" / ".venv" / "bin" / "az"
AZ_PYTHON = ROOT / "bench" / ".venv" / "bin" / "python"


def _run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in KiB, CPU seconds user+system) of one child, from wait4's
    rusage. CPU time is the steadier figure on a shared machine: other processes' load
    stretches wall time, hardly the child's own CPU time."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=str(ROOT))
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} {' '.join(cmd[1:3])} failed ({proc.returncode}): {err.decode()[-800:]}")
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def _child_base_env() -> dict[str, str]:
    """The children's environment: no Azure credential variables, and bytecode caching on
    (PYTHONDONTWRITEBYTECODE would recompile pwshim's modules at every start, which an installed
    pwshim never does; Azure CLI's site-packages already hold their .pyc files)."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("AZURE_", "IDENTITY_", "MSI_")) and k != "PYTHONDONTWRITEBYTECODE"}


def _seed_az_version_cache(config_dir: Path) -> None:
    """Azure CLI checks its version against azcliprod.blob.core.windows.net when its version
    cache is empty: fill the cache (versionCheck.json) so it has nothing to fetch."""
    config_dir.mkdir(parents=True, exist_ok=True)
    code = ("import datetime, json, sys; from azure.cli.core.util import _get_local_versions; "
            "json.dump({'versions': _get_local_versions(), 'update_time': str(datetime.datetime.now())}, "
            "open(sys.argv[1], 'w'))")
    subprocess.run([str(AZ_PYTHON), "-c", code, str(config_dir / "versionCheck.json")], check=True)


def bench_vs_azure_cli(runs: int = 15) -> dict[str, object]:
    if not AZ.exists():
        return {"error": "Azure CLI not installed: run `sh bench/setup.sh` (creates bench/.venv)"}
    from pwshim.emulator import sandbox

    with tempfile.TemporaryDirectory() as home, sandbox(home) as (emu, env):
        base = _child_base_env()
        full = {**base, **env}
        az_dir = Path(home) / "az-config"
        _seed_az_version_cache(az_dir)
        az_env = {**full, "AZURE_CONFIG_DIR": str(az_dir), "AZURE_CORE_COLLECT_TELEMETRY": "no",
                  "AZURE_CORE_SURVEY_MESSAGE": "no", "AZURE_CORE_NO_COLOR": "yes"}
        ours_cmd = [sys.executable, "-m", "pwshim", "-NoProfile", "-c", "Connect-AzAccount -Identity"]
        az_cmd = [str(AZ), "login", "--identity", "--output", "none"]
        python_cmd = [sys.executable, "-c", "pass"]
        # One untimed run each (first-run files: Azure CLI's config, pwshim's settings file).
        _run_measured(az_cmd, az_env)
        _run_measured(ours_cmd, full)
        ours, theirs, python = [], [], []
        for _ in range(runs):
            theirs.append(_run_measured(az_cmd, az_env))
            ours.append(_run_measured(ours_cmd, full))
            python.append(_run_measured(python_cmd, full))
        blocked = emu.guard.summary()
    ours_s = statistics.median(w for w, _, _ in ours)
    az_s = statistics.median(w for w, _, _ in theirs)
    ours_cpu = statistics.median(c for _, _, c in ours)
    az_cpu = statistics.median(c for _, _, c in theirs)
    ours_kib = max(m for _, m, _ in ours)
    az_kib = max(m for _, m, _ in theirs)
    return {
        "runs": runs,
        "pwshim_connect_identity_s": round(ours_s, 4),
        "az_login_identity_s": round(az_s, 4),
        "ratio_pwshim_vs_az": round(ours_s / az_s, 3),
        "target_ratio": 0.7,
        "pwshim_cpu_s": round(ours_cpu, 4),
        "az_cpu_s": round(az_cpu, 4),
        "cpu_ratio_pwshim_vs_az": round(ours_cpu / az_cpu, 3),
        "python_start_s": round(statistics.median(w for w, _, _ in python), 4),
        "pwshim_peak_rss_mib": round(ours_kib / 1024, 1),
        "az_peak_rss_mib": round(az_kib / 1024, 1),
        "memory_ratio_pwshim_vs_az": round(ours_kib / az_kib, 3),
        # The maximum catches a run that recompiled a module whose source changed meanwhile
        # (compile() peaks higher than loading its .pyc); the median is the steady figure.
        "pwshim_median_peak_rss_mib": round(statistics.median(m for _, m, _ in ours) / 1024, 1),
        "az_median_peak_rss_mib": round(statistics.median(m for _, m, _ in theirs) / 1024, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "blocked_off_loopback": blocked or "none",
    }


def _token_requests(emu: object) -> tuple[int, int]:
    """(Entra token endpoint requests, IMDS token requests) in the emulator's request log."""
    import re

    entra = imds = 0
    for entry in emu.request_log():  # type: ignore[attr-defined]
        path = entry.get("path", "").split("?", 1)[0]
        if path.startswith("/metadata/identity/oauth2/token"):
            imds += 1
        elif re.search(r"/oauth2/(v2\.0/)?token$", path):
            entra += 1
    return entra, imds


def main() -> int:
    sys.path.insert(0, str(ROOT))
    report = {"parse": bench_parse(), "cold_start": bench_cold_start()}
    try:
        report["sign_in"] = bench_sign_in()
    except Exception as exc:  # noqa: BLE001 - report, don't hide
        report["sign_in"] = {"error": f"{type(exc).__name__}: {exc}"}
    try:
        report["vs_azure_cli"] = bench_vs_azure_cli()
    except Exception as exc:  # noqa: BLE001 - report, don't hide
        report["vs_azure_cli"] = {"error": f"{type(exc).__name__}: {exc}"}
    report["command"] = "python bench/run.py"
    report["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
