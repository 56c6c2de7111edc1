"""kbassist's command line and its Textual console.

The command line must start fast and work without a terminal, so nothing here imports
textual at module level; only the console sub-command loads it.
"""
