"""pwshim: a PowerShell-compatible cmdlet shim written in Python."""

__version__ = "0.1.0"
