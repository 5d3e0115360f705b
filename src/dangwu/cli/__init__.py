"""The command-line layer: parse, call a service, render, map errors to exit codes."""
