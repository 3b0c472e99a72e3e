"""`python -m kassalink` is the same as the `kassalink` command."""

from kassalink.cli import main

if __name__ == "__main__":
    main()
