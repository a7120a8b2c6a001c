"""Entry script of the frozen program: both taizhang.exe (windowed) and taizhang-cli.exe."""
import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
