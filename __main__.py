"""`python -m kbassist` is the `kbassist` command."""

from kbassist.tui.cli import main

if __name__ == "__main__":
    main()
