"""``climrisk build`` (with ``--check``) and ``climrisk diff``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from climrisk.cli import user_errors


def default_out_dir(register: Path | None = None) -> Path:
    """``disclosures/<register folder name>/`` under the working directory: the bundled
    register's outputs land in the checkout's committed ``disclosures/kingsoft-cloud`` when run
    from the project root, and never inside an installed package."""
    from climrisk.register.loader import default_register_dir

    name = (register or default_register_dir()).resolve().name
    return Path.cwd() / "disclosures" / name


def _refuse_foreign_check(foreign: list[str], out_dir: Path, rebuild: str) -> None:
    """``build --check`` of a folder holding files climrisk did not write: ``build`` refuses
    such a folder, so rebuilding is not the fix to name."""
    from climrisk.errors import UserError
    from climrisk.output_folder import foreign_text

    if foreign:
        raise UserError(
            f"{out_dir}: {foreign_text(foreign)}, so it is not a folder climrisk built and "
            f"`{rebuild}` would refuse to replace it; check the folder the build writes "
            "(--out DIR), or move those files out and then run that command")


def _languages(text: str) -> list[str]:
    from climrisk.disclosure.labels import LANGUAGES
    from climrisk.errors import UserError

    langs = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown or not langs:
        raise UserError(
            f"--lang: unknown language(s) {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(LANGUAGES)}"
        )
    return langs


def attach(app: typer.Typer) -> None:
    """Add the disclosure commands to ``app``."""

    @app.command()
    @user_errors
    def approve(
        by: Annotated[str, typer.Option("--by", help="Who signs off (a person's name).")],
        role: Annotated[str, typer.Option("--role", help="Their role, e.g. CFO.")],
        register: Annotated[
            Path | None,
            typer.Option("--register", help="Register directory (default: the bundled one)."),
        ] = None,
        item: Annotated[
            str | None, typer.Option("--item", help="An item id; without it, the disclosure.")
        ] = None,
        what: Annotated[
            str | None, typer.Option("--what", help="What is signed off, in words.")
        ] = None,
        on: Annotated[
            str | None, typer.Option("--on", help="ISO date of the sign-off (default: today).")
        ] = None,
        review: Annotated[
            bool, typer.Option("--review", help="Record a review, not an approval.")
        ] = False,
    ) -> None:
        """Record a review or approval of an item or of the whole disclosure as it stands now.

        The entry in approvals.yaml holds the git id of the content signed off, so it goes
        stale, and build --final refuses, as soon as that content changes.
        """
        import datetime as dt

        from climrisk.errors import UserError
        from climrisk.register import load_register
        from climrisk.signoff import SignOff, content_tree, item_blob, record

        reg = load_register(register)
        try:
            day = dt.date.fromisoformat(on) if on else dt.date.today()
        except ValueError:
            raise UserError(f"--on {on}: not an ISO date; write it as 2025-03-31") from None
        if item is not None and item not in {i.id for i in reg.items}:
            raise UserError(f"--item {item}: no such item; choose one of "
                            f"{', '.join(i.id for i in reg.items)}")
        content = item_blob(reg, item) if item else content_tree(Path(reg.root))
        words = what or (f"item {item}" if item else "the climate-related disclosures")
        entry = SignOff(by=by, role=role, on=day, kind="review" if review else "approval",
                        what=words, content=content)
        path = record(reg, entry, item)
        typer.echo(f"recorded {entry.kind} of {words} by {by} ({role}) on {day.isoformat()} "
                   f"in {path}")

    @app.command()
    @user_errors
    def build(
        register: Annotated[
            Path | None,
            typer.Option("--register", help="Register directory (default: the bundled one)."),
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option("--out", help="Output folder (default: disclosures/<register name>/ "
                         "under the current directory)."),
        ] = None,
        lang: Annotated[
            str, typer.Option("--lang", help="Comma-separated languages.")
        ] = "en,zh-Hant",
        grid: Annotated[
            Path | None,
            typer.Option("--grid", help="Scenario grid file (default: scenarios/default.nc)."),
        ] = None,
        set_: Annotated[
            Path | None,
            typer.Option("--set", help="Scenario-set file (default: the register's own set)."),
        ] = None,
        check: Annotated[
            bool, typer.Option("--check", help="Rebuild in memory; exit 1 naming stale files.")
        ] = False,
        date: Annotated[
            str | None,
            typer.Option("--date", help="ISO date to print as the build date (none by default)."),
        ] = None,
        final: Annotated[
            bool,
            typer.Option("--final", help="Refuse unless every item and the disclosure are "
                         "approved as they stand (see climrisk approve); print the approval."),
        ] = False,
    ) -> None:
        """Build the disclosure tables (Markdown, HTML, CSV, XLSX, JSON) atomically."""
        import shlex

        from climrisk.disclosure.outputs import foreign_outputs, stale_outputs, write_outputs
        from climrisk.disclosure.pipeline import render
        from climrisk.errors import UserError
        from climrisk.options import check_date

        out_dir = out or default_out_dir(register)
        langs, date = _languages(lang), check_date(date)
        if not check and out_dir.exists() and not out_dir.is_dir():
            raise UserError(f"{out_dir}: --out is a file, not a folder; give a folder path "
                            "(it is created when missing)")
        fix = ["climrisk", "build"]
        for flag, value in (("--register", register), ("--out", out),
                            ("--lang", lang if lang != "en,zh-Hant" else None),
                            ("--set", set_), ("--grid", grid if set_ is None else None),
                            ("--date", date)):
            if value is not None:
                fix += [flag, str(value)]
        if final:
            fix.append("--final")
        rebuild = shlex.join(fix)
        if check:  # a folder no build may replace: said before the build, not after it
            _refuse_foreign_check(foreign_outputs(None, out_dir), out_dir, rebuild)
        files = render(register, set_ or grid, langs, date=date, final=final)
        if not check:
            write_outputs(files, out_dir)
            typer.echo(f"wrote {len(files)} files to {out_dir}")
            for name in sorted({f for f in files if f.count("/") == 1 and f.endswith(".html")}):
                typer.echo(f"  open {out_dir / name}")
            return
        _refuse_foreign_check(foreign_outputs(files, out_dir), out_dir, rebuild)
        stale = stale_outputs(files, out_dir)
        if not stale:
            typer.echo(f"ok: {len(files)} files in {out_dir} are fresh")
            return
        for s in stale:
            typer.echo(f"stale: {out_dir / s.path} ({s.reason})", err=True)
            if s.diff:
                typer.echo(s.diff, err=True)
        typer.echo(f"{len(stale)} stale file(s); run `{rebuild}` to rebuild", err=True)
        raise typer.Exit(1)

    @app.command()
    @user_errors
    def diff(
        rev_a: Annotated[
            str | None,
            typer.Argument(help="Base git revision, e.g. origin/main (with --prior: the "
                           "revision of this period, default HEAD)."),
        ] = None,
        rev_b: Annotated[
            str | None, typer.Argument(help="Changed git revision, e.g. HEAD.")
        ] = None,
        register: Annotated[
            str, typer.Option("--register", help="Register path inside the repository.")
        ] = "registers/kingsoft-cloud",
        repo: Annotated[Path, typer.Option("--repo", help="Git repository.")] = Path("."),
        set_: Annotated[
            Path | None,
            typer.Option("--set", help="Scenario-set file for both revisions (default: the "
                         "set each revision's register names)."),
        ] = None,
        prior: Annotated[
            bool,
            typer.Option("--prior", help="Compare the register with its prior period "
                         "(comparatives.yaml) and the prior figures with those published."),
        ] = False,
    ) -> None:
        """What changed in the register and its tables between two revisions, or (--prior)
        between the prior reporting period and this one, as Markdown."""
        from climrisk.disclosure.revisions import period_diff, revision_diff
        from climrisk.errors import UserError

        if prior:
            if rev_b is not None:
                raise UserError("diff --prior takes one revision, this period's (default "
                                "HEAD): `climrisk diff --prior [REV]`")
            typer.echo(period_diff(repo, rev_a or "HEAD", register, set_), nl=False)
            return
        if rev_a is None or rev_b is None:
            raise UserError("diff needs two revisions, e.g. `climrisk diff origin/main HEAD`, "
                            "or `climrisk diff --prior` to compare with the prior period")
        typer.echo(revision_diff(repo, rev_a, rev_b, register, set_), nl=False)

    @app.command()
    @user_errors
    def explain(
        cell: Annotated[
            str,
            typer.Argument(help="Evidence id, e.g. e-2/TR-01/operating-cost-increase/medium."),
        ],
        out: Annotated[
            Path | None,
            typer.Option(
                "--out", help="Build folder with evidence.json (default: disclosures/kingsoft-cloud)."
            ),
        ] = None,
        register: Annotated[
            Path | None,
            typer.Option("--register", help="Register the build used (default: the bundled one)."),
        ] = None,
        grid: Annotated[
            Path | None,
            typer.Option("--grid", help="Scenario grid file (default: scenarios/default.nc)."),
        ] = None,
        set_: Annotated[
            Path | None,
            typer.Option("--set", help="Scenario-set file (default: the register's own set)."),
        ] = None,
        no_recompute: Annotated[
            bool,
            typer.Option("--no-recompute", help="Print the record without rerunning the engine."),
        ] = False,
    ) -> None:
        """One published amount in words: statistic, models, inputs with file:line, recomputed."""
        from climrisk.disclosure.explain import explain as explain_cell

        text, same = explain_cell(
            cell, out or default_out_dir(), register, set_ or grid, recompute=not no_recompute
        )
        typer.echo(text, nl=False)
        if not same:
            raise typer.Exit(1)
