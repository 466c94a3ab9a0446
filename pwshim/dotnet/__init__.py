"""Python implementations of the .NET types scripts use (registered in runtime/dotnet.py)."""
