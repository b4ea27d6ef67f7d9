# SPDX-License-Identifier: GPL-3.0-or-later
"""Stand-in for the get-pip.py script ansible-test downloads from a host this
machine cannot reach. ansible-test runs it inside a fresh virtualenv with
get-pip's arguments (pip options and packages); we bootstrap pip from the
interpreter's bundled wheel (ensurepip), then install the requested packages
from PyPI with the user's pip configuration."""
import subprocess
import sys

GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}


def main():
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    # ensurepip blanks PIP_CONFIG_FILE in its own process only: run it apart.
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"])
    subprocess.check_call([sys.executable, "-m", "pip", "install"] + args)


if __name__ == "__main__":
    main()
