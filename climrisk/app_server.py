"""Start the committee's app with its first page ready: ``python -m climrisk.app_server``.

A Streamlit server runs ``app.py`` only when someone opens a page, so the first visitor after
a start waited for the imports, the register and the base-case engine run. This starts the
same ``streamlit run app.py`` in a process that has done them already, while it starts: the
first page then only renders. Arguments are ``streamlit run``'s, with the app's own options
(``--register``, ``--set``, ``--grid``) after ``--``, as for ``streamlit run app.py``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

from climrisk.paths import REPO


def warm(app_args: Sequence[str]) -> str:
    """Load what the overview reads into the process's caches (the register, the scenario
    data's key, the base-case results and their labels); say what was done.

    A register or scenario file that cannot be read is left for the page to report.
    """
    from climrisk import appdata
    from climrisk.errors import UserError

    start = time.perf_counter()
    source = appdata.initial_source(app_args)
    try:
        appdata.register(source.register_dir)
        appdata.results(source)
        appdata.result_labels(source)
    except UserError as exc:
        return f"not warmed: {exc.args[0] if exc.args else exc}"
    return f"base case ready in {time.perf_counter() - start:.1f} s"


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    app_args = args[args.index("--") + 1:] if "--" in args else []
    script = Path.cwd() / "app.py"
    if not script.is_file():
        script = REPO / "app.py"
    print(f"climrisk app: {warm(app_args)}", flush=True)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(script), *args]
    cli.main()


if __name__ == "__main__":
    main()
