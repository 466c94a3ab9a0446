"""`python -m pwshim`: the process's entry point (cli.entry ends the process when done). Run
by runpy.run_module without altering sys (inside another program), it only returns main()'s code."""

import sys

from pwshim.cli import entry, main

_main_module = sys.modules.get("__main__")
if _main_module is not None and vars(_main_module) is globals():
    raise SystemExit(entry())
raise SystemExit(main())
