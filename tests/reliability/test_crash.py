"""SIGKILL at random moments while the Az context and keystore are being written.

A fork server (crash_writer.py) starts children that rewrite ~/.Azure/AzureRmContext.json
(profile.modify: CrossPlatLock, read, parse, temp file + rename) and keystore.cache in a loop,
alternating two contents. Each child is killed with SIGKILL after a random delay (>= 100
kills). After every kill both files parse and hold exactly one of the two contents; a killed
writer's orphan temp file is removed by the next write (filelock._remove_orphans).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from pwshim.azure import profile as prof
from tests.reliability import crash_writer as cw
from tests.reliability.helpers import ROOT

KILLS = 120


def _expected_bytes() -> set[bytes]:
    return {prof.render_profile(p, {"ARM_CLOUD_METADATA_URL": "DISABLED"}) for p in cw.contents()}


def _keystore_secret(path: Path) -> str:
    entries = json.loads(path.read_text(encoding="utf-8"))
    assert len(entries) == 1, entries
    return json.loads(entries[0]["keyStoreValue"])


def test_sigkill_while_writing_never_corrupts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home)}
    server = subprocess.Popen([sys.executable, "-m", "tests.reliability.crash_writer", str(home)], cwd=str(ROOT),
                              env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(20261126)
    expected = _expected_bytes()
    context = home / ".Azure" / "AzureRmContext.json"
    keystore = home / ".Azure" / "keystore.cache"
    seen_contents: set[bytes] = set()
    orphans_seen = 0
    deadline = time.monotonic() + 90
    try:
        assert server.stdout.readline().strip() == "ready"
        # A first, complete write, so that "the previous content" exists from the first kill on.
        server.stdin.write("go\n")
        server.stdin.flush()
        pid = int(server.stdout.readline().split()[1])
        while not (context.exists() and keystore.exists()):
            time.sleep(0.005)
        os.kill(pid, signal.SIGKILL)
        assert server.stdout.readline().strip() == "dead 9"
        for n in range(KILLS):
            assert time.monotonic() < deadline, "crash loop too slow"
            server.stdin.write(f"go {n % 2}\n")  # children alternate which content they write first
            server.stdin.flush()
            pid = int(server.stdout.readline().split()[1])
            time.sleep(rng.uniform(0.0, 0.04))
            os.kill(pid, signal.SIGKILL)
            assert server.stdout.readline().strip() == "dead 9"
            raw = context.read_bytes()
            prof.parse_profile(raw, context)  # never raises CorruptProfileError
            assert raw in expected, raw[:200]
            seen_contents.add(raw)
            assert _keystore_secret(keystore) in cw.SECRETS
            orphans_seen = max(orphans_seen, sum(n.endswith(".tmp") for n in os.listdir(context.parent)))
    finally:
        server.stdin.close()
        server.wait(timeout=10)
    assert len(seen_contents) == 2, "the kills never landed between two different writes"
    # The next ordinary write cleans what the killed writers left (orphan temp files, the
    # lock file of a writer killed while holding the lock).
    session = cw.session(str(home))
    for content in cw.contents():  # two writes: Save skips a write whose text is already there
        prof.modify(session, cw.become(content))
    prof.state(session).keystore(persist=True).set(cw.APP, cw.TENANT, "ServicePrincipalSecret", cw.SECRETS[0])
    left = sorted(n for n in os.listdir(context.parent) if n.endswith((".tmp", ".lockfile")))
    assert left == [], left
    print(f"{KILLS} kills, at most {orphans_seen} orphan temp file(s) at once before the clean-up")


def test_orphan_cleanup_spares_live_writers(tmp_path: Path) -> None:
    from pwshim.azure import filelock

    target = tmp_path / "AzureRmContext.json"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    orphan = tmp_path / f".AzureRmContext.json.{dead_pid}.abc.tmp"
    live = tmp_path / f".AzureRmContext.json.{os.getppid()}.abc.tmp"  # a running process
    other = tmp_path / f".keystore.cache.{dead_pid}.abc.tmp"  # another file's temp: not ours
    for p in (orphan, live, other):
        p.write_bytes(b"{")
    filelock.replace_file(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert not orphan.exists() and live.exists() and other.exists()
