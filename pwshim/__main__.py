from pwshim.cli import main

raise SystemExit(main())
