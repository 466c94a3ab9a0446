"""A fork server for test_crash.py: `python -m tests.reliability.crash_writer HOME`.

It imports pwshim once, then for every `go [START]` line on stdin forks a child that writes the Az
context (profile.modify: lock, read, parse, rename over) and the keystore (keystore.set) in a
loop, alternating two contents, until it is killed. The server prints `pid N` for each child
(the test SIGKILLs it at a random moment) and `dead SIGNAL` once it has reaped it.
"""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path

from pwshim.azure import profile as prof
from pwshim.azure.keystore import SP_SECRET
from pwshim.azure.models import AzureRmProfile
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session

DATA = Path(__file__).resolve().parents[1] / "accounts" / "data"
SOURCES = ("sample_a_unittest.json", "sample_c_starship.json")
APP, TENANT = "11111111-2222-3333-4444-555555555555", "contoso.onmicrosoft.com"
SECRETS = ("secret-A-" + "a" * 40, "secret-B-" + "b" * 400)


def contents() -> list[AzureRmProfile]:
    out = []
    for name in SOURCES:
        raw = (DATA / name).read_bytes()
        out.append(prof.parse_profile(raw, DATA / name))
    return out


def become(target: AzureRmProfile):  # type: ignore[no-untyped-def]
    def action(disk: AzureRmProfile) -> None:
        fresh = copy.deepcopy(target)
        disk.DefaultContextKey = fresh.DefaultContextKey
        disk.EnvironmentTable = fresh.EnvironmentTable
        disk.Contexts = fresh.Contexts
        disk.ExtendedProperties = fresh.ExtendedProperties

    return action


def session(home: str) -> Session:
    environ = {"HOME": home, "ARM_CLOUD_METADATA_URL": "DISABLED", "PATH": os.environ.get("PATH", "")}
    return Session(host=BufferHost(noninteractive=True), environ=environ, noninteractive=True)


def write_forever(home: str, start: int = 0) -> None:
    s = session(home)
    profiles = contents()
    store = prof.state(s).keystore(persist=True)
    i = start
    while True:
        prof.modify(s, become(profiles[i % 2]))
        store.set(APP, TENANT, SP_SECRET, SECRETS[i % 2])
        i += 1


def main() -> int:
    home = sys.argv[1]
    prof.state(session(home))  # the settings file, once
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] != "go":
            break
        start = int(words[1]) if len(words) > 1 else 0  # which content the child writes first
        pid = os.fork()
        if pid == 0:
            try:
                write_forever(home, start)
            finally:
                os._exit(3)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"dead {os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
