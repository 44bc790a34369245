from .cli import main

# Guarded: batch mode's writer processes import this module again when started with -m.
if __name__ == "__main__":
    raise SystemExit(main())
