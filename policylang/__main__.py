"""`python -m policylang` runs the command-line interface."""

from policylang.cli.main import main

if __name__ == "__main__":
    main()
