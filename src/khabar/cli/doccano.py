"""`khabar doccano ...`: run the server, create the project and users, push articles, pull labels."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..io import refuse_overwrite, typed_errors
from ._common import PIPE_HELP, as_typed, console, print_json, progress_bar, training_streams
from .train import Arch

app = typer.Typer(help="Run the doccano server, push articles, pull labels.", no_args_is_help=True)
users_app = typer.Typer(help="Manage doccano users.", no_args_is_help=True)
project_app = typer.Typer(help="Manage the annotation project.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(project_app, name="project")

# The options most commands share, typed once.
StateDir = Annotated[Optional[Path], typer.Option(
    "--dir", envvar="KHABAR_DOCCANO_DIR", help="State folder (default annotation/.doccano).")]
# No envvar here: KHABAR_DOCCANO_PORT is for a new state folder only, an existing one's recorded port wins
# (khabar.doccano.server.server_from_state).
Port = Annotated[Optional[int], typer.Option("--port", help="Port (default: the one recorded in the state folder, "
                                                           "else KHABAR_DOCCANO_PORT, else 8000).")]
Host = Annotated[str, typer.Option("--host", help="Address to bind; keep 127.0.0.1 unless a proxy fronts it.")]
Url = Annotated[Optional[str], typer.Option(
    "--url", help="Server URL (default: the one `up` recorded in the state folder).")]
Username = Annotated[Optional[str], typer.Option(
    "--username", help="Log in as this user (default the admin); password from KHABAR_DOCCANO_PASSWORD or the state folder.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]


def _server(state_dir: Optional[Path], port: Optional[int], host: Optional[str] = None):
    from ..doccano.server import server_from_state

    return server_from_state(state_dir, port, host)


def _session(state_dir: Optional[Path], url: Optional[str], username: Optional[str]):
    from ..doccano.client import session_from_state

    return session_from_state(state_dir, url=url, username=username)


@app.command()
def up(
    state_dir: StateDir = None,
    port: Port = None,
    host: Host = "127.0.0.1",
    timeout: Annotated[float, typer.Option(help="Seconds to wait for /v1/health/.")] = 180.0,
    database: Annotated[Optional[str], typer.Option("--database", help="Database URL, e.g. postgresql://user:pw@"
                                                    "127.0.0.1:5432/doccano (default: DATABASE_URL, else the one last "
                                                    "used for this state folder, else SQLite in it).")] = None,
    as_json: AsJson = False,
) -> None:
    """Start doccano (gunicorn + celery worker) and wait until it answers; create the admin on first run."""
    server = _server(state_dir, port, host)
    server.database = database
    with console.status(f"starting doccano on {server.url} ..."):
        password = server.up(timeout=timeout)
    username, _ = server.admin_credentials()
    console.print(f"doccano runs at {server.url} (state in {server.state_dir})")
    if password:
        # Printed this once; it is kept in the 0600 credentials file of the state folder.
        console.print(f"admin user [bold]{username}[/], password [bold]{password}[/] "
                      f"(stored in {server.state_dir / 'credentials.json'})")
    if as_json:
        print_json({**server.status().to_dict(), "admin": username, "admin_created": password is not None})


@app.command()
def down(state_dir: StateDir = None, port: Port = None, as_json: AsJson = False) -> None:
    """Stop the gunicorn and celery processes that `up` started for this state folder."""
    server = _server(state_dir, port)
    stopped = server.down()
    console.print(f"stopped {len(stopped)} process(es)" + (f": {', '.join(map(str, stopped))}" if stopped else ""))
    if as_json:
        print_json({"stopped": stopped})


@app.command()
def status(state_dir: StateDir = None, port: Port = None, as_json: AsJson = False) -> None:
    """Say what runs where: URL, process ids, health; exit 1 unless both processes run and the server answers."""
    current = _server(state_dir, port).status()
    for name, pid in current.pids.items():
        console.print(f"{name:9} {'pid ' + str(pid) if pid else 'not running'}")
    # Not healthy: no answer, or an answer saying a part is down (the worker): the lines above say which runs.
    console.print(f"{'url':9} {current.url} ({'healthy' if current.healthy else 'not healthy: see `khabar doccano logs`'})")
    console.print(f"{'state':9} {current.state_dir}")
    if as_json:
        print_json(current.to_dict())
    if not (current.running and current.healthy):
        raise typer.Exit(1)


@app.command()
def logs(
    process: Annotated[str, typer.Argument(help="gunicorn, celery or setup.")] = "gunicorn",
    lines: Annotated[int, typer.Option("--lines", "-n", help="How many lines from the end.")] = 40,
    state_dir: StateDir = None,
) -> None:
    """Print the end of a server log."""
    path = _server(state_dir, None).log_path(process)
    if not path.exists():
        console.print(f"no log at {path}")
        raise typer.Exit(1)
    tail = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    typer.echo("\n".join(tail))


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Username.")],
    role: Annotated[str, typer.Option(help="annotator, annotation_approver or project_admin.")] = "annotator",
    project: Annotated[Optional[str], typer.Option(help="Also make the user a member of this project.")] = None,
    state_dir: StateDir = None,
    url: Url = None,
    as_json: AsJson = False,
) -> None:
    """Create a user with a generated password (printed once, stored 0600 in the state folder)."""
    from ..doccano.project import add_user, check_user
    from ..doccano.server import server_from_state, store_user_password

    check_user(name, role)
    session = _session(state_dir, url, None)
    password = add_user(session, name, role, project)
    if password:
        store_user_password(server_from_state(state_dir).state_dir, name, password)
        console.print(f"user [bold]{name}[/] created, password [bold]{password}[/]")
    else:
        console.print(f"user {name} already exists (password unchanged)")
    if project:
        console.print(f"{name} is a member of {project!r} ({role})")
    if as_json:
        print_json({"user": name, "created": password is not None, "role": role, "project": project})


@project_app.command("create")
def project_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Project name.")],
    labels: Annotated[Optional[Path], typer.Option(help="Label definitions (default annotation/labels.json).")] = None,
    state_dir: StateDir = None,
    url: Url = None,
    username: Username = None,
    as_json: AsJson = False,
) -> None:
    """Create the annotation project (idempotent): labels, relations, overlapping spans, individual annotation."""
    from ..doccano.project import create_project

    with typed_errors(as_typed(ctx, "labels")):
        project_id = create_project(_session(state_dir, url, username), name, labels=labels)
    console.print(f"project {name!r} has id {project_id}")
    if as_json:
        print_json({"project": name, "id": project_id})


#: What to do after a push stopped half-way (Ctrl-C, SIGTERM): the server may still be importing what it was given.
INTERRUPTED_PUSH = ("khabar: the push was interrupted; doccano may still be importing the batch it was given. Run "
                    "the same push again: articles already there are skipped, and a batch left incomplete is repaired.")


@contextlib.contextmanager
def _hint_when_interrupted() -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        typer.echo(INTERRUPTED_PUSH, err=True)
        raise
    except SystemExit as stopped:  # SIGTERM (khabar.cli.main turns it into SystemExit(143))
        if stopped.code not in (0, None):
            typer.echo(INTERRUPTED_PUSH, err=True)
        raise


@app.command()
def push(
    ctx: typer.Context,
    corpus: Annotated[Path, typer.Argument(help="Corpus or gold JSON-lines file (or Parquet corpus)." + PIPE_HELP)],
    project: Annotated[str, typer.Option("--project", help="Project name (a routed campaign's name).")],
    preannotate: Annotated[bool, typer.Option("--preannotate", help="Turn the file's entities and quotes into spans.")] = False,
    annotators: Annotated[str, typer.Option(
        "--annotators", help="Comma-separated usernames who each get the pre-annotations (with --per-document: "
                            "the annotators the documents are routed to).")] = "",
    per_document: Annotated[Optional[int], typer.Option(
        "--per-document", help="Route each document to this many of the annotators, one doccano project "
                               "per annotator (NAME--annotator).")] = None,
    shared: Annotated[Optional[float], typer.Option(
        "--shared", help="With --per-document: the fraction of documents every annotator gets, for agreement "
                         "(default 0).")] = None,
    allow_new_labels: Annotated[bool, typer.Option(
        "--allow-new-labels", help="Let doccano add span labels the project lacks (default: an error, E335).")] = False,
    batch_size: Annotated[int, typer.Option(help="Articles per import batch (one doccano import task each).")] = 2500,
    route: Annotated[Optional[str], typer.Option(
        "--route", help="How batches get in: upload (doccano's file import, a celery task each), database (a "
                        "transaction in the database of a server khabar runs), auto (database when possible). "
                        "Default: auto for a routed push, upload otherwise.")] = None,
    state_dir: StateDir = None,
    url: Url = None,
    username: Username = None,
    as_json: AsJson = False,
) -> None:
    """Push articles into a project through doccano's file import (or --route database); articles already
    there are skipped.

    With --per-document K (and --shared FRACTION) the documents are routed: each goes to K of the
    annotators (all of them for the shared fraction), balanced and deterministic, into one project per
    annotator. A later push to the same campaign routes only new documents (the options may be left out).
    """
    from ..doccano.campaign import load_campaign, push_routed
    from ..doccano.push import push as do_push
    from ..errors import InputError
    from ..io import readable_inputs

    names = [a.strip() for a in annotators.split(",") if a.strip()]
    # The corpus is read several times (a read-through, the ids, the routing, the batches): a stream is copied
    # once, before the server is asked anything.
    with readable_inputs(as_typed(ctx, "corpus")) as inputs:
        corpus = inputs.paths[0]
        session = _session(state_dir, url, username)
        if per_document is not None or load_campaign(state_dir, session.url, project) is not None:
            with _hint_when_interrupted(), progress_bar("pushing routed articles") as progress:
                routed = push_routed(session, project, corpus, names or None, per_document, shared,
                                     preannotate=preannotate, state_dir=state_dir, batch_size=batch_size,
                                     progress=progress, allow_new_labels=allow_new_labels, route=route or "auto")
            console.print(f"campaign {project!r}: {routed.documents} document(s) routed to {len(routed.annotators)} "
                          f"annotator(s), {routed.per_document} each, {routed.shared_documents} shared by all; "
                          f"{routed.routed_now} routed by this push")
            for name in routed.annotators:
                done = routed.pushes[name]
                console.print(f"  {name}: {routed.per_annotator[name]} document(s) in {routed.projects[name]!r} "
                              f"(pushed {done.pushed}, skipped {done.skipped} already there)")
            console.print(f"pushed {routed.pushed} example(s) in {routed.seconds:.1f} s")
            if as_json:
                print_json(routed.to_dict())
            return
        if shared is not None:
            raise InputError("E395", "--shared needs --per-document (the documents are routed only then)",
                             field="shared")
        with _hint_when_interrupted(), progress_bar("pushing articles") as progress:
            summary = do_push(session, project, corpus, preannotate=preannotate,
                              annotators=names, batch_size=batch_size, state_dir=state_dir, progress=progress,
                              allow_new_labels=allow_new_labels, route=route or "upload")
        repaired = f", repaired {summary.repaired} left incomplete by an earlier push" if summary.repaired else ""
        console.print(f"pushed {summary.pushed} article(s) in {summary.batches} batch(es), skipped {summary.skipped} "
                      f"already there{repaired}, {summary.spans} span(s), {summary.relations} relation(s), "
                      f"{summary.verified} verified on the server, {summary.seconds:.1f} s")
        if as_json:
            print_json(summary.to_dict())


#: Seconds a pull waits for a push or refresh of its project to finish (then E381).
PULL_LOCK_TIMEOUT = 1800.0


@app.command()
def pull(
    project: Annotated[str, typer.Option("--project", help="Project name.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for <annotator>.jsonl and manifest.json.")],
    only_confirmed: Annotated[bool, typer.Option("--only-confirmed", help="Only articles each annotator confirmed.")] = False,
    state_dir: StateDir = None,
    url: Url = None,
    username: Username = None,
    as_json: AsJson = False,
) -> None:
    """Export a project and write one gold file per annotator, plus a manifest.

    For a routed campaign (pushed with --per-document) every annotator's project is exported, into
    the same layout.
    """
    from ..doccano.campaign import campaign_path, load_campaign, pull_campaign
    from ..doccano.pull import pull as do_pull
    from ..doccano.push import project_state_stem
    from ..doccano.push_state import project_lock

    refuse_overwrite(out, folder=True)
    session = _session(state_dir, url, username)
    record = load_campaign(state_dir, session.url, project)
    # A push (or refresh) of the project holds this lock: an export taken meanwhile would hold half its batches,
    # and the pushing admin's labels on their way to the annotators as if the admin were one of them.
    if record is not None:
        stem = campaign_path(state_dir, session.url, project).with_suffix("")
    else:
        stem = project_state_stem(session, session.project_id(project), state_dir)
    with project_lock(stem, project, PULL_LOCK_TIMEOUT):
        if record is not None:
            manifest = pull_campaign(session, record, out, only_confirmed=only_confirmed, state_dir=state_dir)
        else:
            manifest = do_pull(session, project, out, only_confirmed=only_confirmed, state_dir=state_dir)
    for name, info in manifest.files.items():
        console.print(f"{name}: {info['documents']} document(s), {info['entities']} entities, "
                      f"{info['quotes']} quotes, {info['problems']} problem(s) -> {out / info['path']}")
    for problem in manifest.problems[:50]:
        console.print(f"  {problem}", markup=False)
    if len(manifest.problems) > 50:
        console.print(f"  ... and {len(manifest.problems) - 50} more in {out / 'manifest.json'}")
    if as_json:
        print_json(manifest.to_dict())


def _entity_model(described: dict) -> str:
    """How a refresh's report describes its entity recogniser, in words."""
    if described.get("arch") != "bilstm":
        return "a CRF trained on the base sources and the gold"
    if described.get("base") is None:
        return "a BiLSTM-CRF trained on the gold alone"
    trained = " (trained now)" if described.get("base_trained_now") else ""
    return f"the BiLSTM-CRF {described['base']}{trained}, continued on the gold"


@app.command()
def refresh(
    ctx: typer.Context,
    project: Annotated[str, typer.Option("--project", help="Project name (a routed campaign's name).")],
    base_entities: Annotated[Optional[list[str]], typer.Option(
        "--base-entities", help="Entity training source besides the confirmed gold: CoNLL or gold JSONL, "
                                "PATH[:WEIGHT] as for `khabar train entities` (repeatable)." + PIPE_HELP)] = None,
    base_quotes: Annotated[Optional[list[Path]], typer.Option(
        "--base-quotes", help="Gold JSONL with quotes to train the quote model on besides the confirmed gold "
                              "(repeatable)." + PIPE_HELP)] = None,
    pushed: Annotated[Optional[list[Path]], typer.Option(
        "--pushed", help="The file(s) the project was pushed from with --preannotate, for projects pushed before "
                         "khabar recorded its suggestions (without it their examples count as touched)."
                         + PIPE_HELP)] = None,
    folds: Annotated[int, typer.Option(
        "--folds", help="Cross-validation folds by document over the confirmed gold (each trains both models "
                        "once more); 0 skips it.")] = 3,
    max_iterations: Annotated[int, typer.Option(
        "--max-iterations", help="Training iterations of each CRF (both quote layers, and the entity recogniser "
                                 "with --arch crf).")] = 150,
    clusters: Annotated[Optional[Path], typer.Option(
        "--clusters", help="Word clusters for the entity recogniser \\[default: those `khabar train entities` "
                           "learnt into the cache, if any; a refresh never learns them itself].")] = None,
    no_clusters: Annotated[bool, typer.Option("--no-clusters", help="Train the recogniser without word clusters.")]
    = False,
    arch: Annotated[Arch, typer.Option(
        "--arch", help="bilstm: the BiLSTM-CRF, whose training continues on the gold (seconds); crf: a CRF trained "
                       "from nothing on the base sources plus the gold.")] = Arch.bilstm,
    base_model: Annotated[Optional[Path], typer.Option(
        "--base-model", help="The BiLSTM-CRF to continue (e.g. the one that made the first suggestions) "
                             "\\[default: one trained from --base-entities by the first refresh and kept in the "
                             "state folder].")] = None,
    epochs: Annotated[Optional[int], typer.Option(
        "--epochs", min=1, help="BiLSTM-CRF: epochs over the gold and the replayed base sentences \\[default: 12].")]
    = None,
    replay: Annotated[Optional[float], typer.Option(
        "--replay", min=0.0, help="BiLSTM-CRF: base sentences trained beside the gold, as a multiple of its size, "
                                  "so that the model does not forget them \\[default: 2].")] = None,
    base_epochs: Annotated[Optional[int], typer.Option(
        "--base-epochs", min=1, help="BiLSTM-CRF without --base-model: epochs of the base model trained on "
                                     "--base-entities \\[default: 16, as `khabar train entities`].")] = None,
    state_dir: StateDir = None,
    url: Url = None,
    username: Username = None,
    as_json: AsJson = False,
) -> None:
    """Model in the loop: train on what annotators confirmed, re-suggest only the examples nobody touched,
    most informative first (doccano's "Lowest score first" sort on the annotation page), and log the refresh.

    The entity recogniser is by default the BiLSTM-CRF: its training continues on the confirmed gold from
    --base-model, or from a model the first refresh trains on --base-entities (minutes, once).

    An example anyone confirmed, commented, labelled differently from khabar's last suggestion, or edited
    is never changed. One JSON line per refresh is appended to <state>/refresh/<project>.jsonl.
    """
    from ..doccano.refresh import check_model_files
    from ..doccano.refresh import refresh as do_refresh
    from ..extract.training_sources import TrainingSource
    from ..io import readable_inputs

    check_model_files(None if no_clusters else clusters, base_model)
    # Options that would be silently ignored are refused, as `khabar train entities` does.
    if arch is Arch.crf:
        for option, value in (("--base-model", base_model), ("--epochs", epochs), ("--replay", replay),
                              ("--base-epochs", base_epochs)):
            if value is not None:
                raise typer.BadParameter(f"{option} is an option of --arch bilstm, not crf", param_hint=option)
    elif base_model is not None:
        for option, value in (("--clusters", clusters), ("--no-clusters", no_clusters or None),
                              ("--base-epochs", base_epochs)):
            if value is not None:
                raise typer.BadParameter(f"{option} cannot change --base-model (it keeps its own clusters and "
                                         "training)", param_hint=option)
        if not base_entities:
            console.print("[yellow]no --base-entities: nothing of the base model's training data is replayed "
                          "beside the gold, so the model may forget some of it (give its training file, e.g. "
                          "ANERCorp.train.txt)[/yellow]")
    sources = [TrainingSource.parse(spec, option="--base-entities") for spec in base_entities or []]
    quote_files, pushed_files = base_quotes or [], pushed or []
    # As in `train entities`: an entity source's format is told from its name, which a pipe has not (its copy is
    # named for its first bytes: gold JSON lines, else CoNLL); the gold files are read alike (JSON lines unless
    # gzipped or Parquet). Copied before the server is asked anything: '-' twice or at a terminal is said first.
    typed = [TrainingSource.split(spec)[0] for spec in base_entities or []]  # errors name the files as typed
    with readable_inputs([*typed, *as_typed(ctx, "base_quotes", "pushed")],
                         options=as_typed(ctx, "clusters", "base_model"), **training_streams()) as inputs:
        copies = iter(inputs.paths)
        sources = [TrainingSource(next(copies), s.weight) for s in sources]
        quote_files = [next(copies) for _ in quote_files]
        pushed_files = [next(copies) for _ in pushed_files]
        session = _session(state_dir, url, username)
        with progress_bar("refreshing (pull, cross-validate, train, survey, pre-annotate, replace, log)") as progress:
            report = do_refresh(session, project, base_entities=sources, base_quotes=quote_files,
                                pushed=pushed_files, folds=folds, state_dir=state_dir, progress=progress,
                                crf_iterations=max_iterations, quote_iterations=max_iterations,
                                clusters=None if no_clusters else (clusters if clusters is not None else "cached"),
                                arch=arch.value, base_model=base_model,
                                **{k: v for k, v in (("epochs", epochs), ("replay", replay),
                                                     ("base_epochs", base_epochs)) if v is not None})

    def f1(value: float | None) -> str:
        return "not measured" if value is None else f"{value:.3f}"

    copies = f" ({report.gold_copies} copies, {len(report.multiply_confirmed)} confirmed by several)" \
        if report.multiply_confirmed else ""
    console.print(f"{project}: gold {report.gold_documents} confirmed document(s){copies}; cross-validated F1 "
                  f"({report.cv_note}): entities {f1(report.entity_cv_f1)}, quote attribution "
                  f"{f1(report.quote_cv_f1)}", markup=False)
    console.print(f"refreshed {report.refreshed} example(s), left {report.touched} touched one(s) alone"
                  + (f" ({report.skipped_now_touched} touched while refresh ran)" if report.skipped_now_touched
                     else "") + f"; entity suggestions from {_entity_model(report.entity_model)}; quote suggestions "
                  f"from the {report.quote_model}; {report.seconds:.1f} s",
                  markup=False)
    if report.order:
        console.print(f"most informative first: {', '.join(report.order[:10])}"
                      + (" ..." if len(report.order) > 10 else "")
                      + " (in doccano: the annotation page's sort menu, 'Lowest score first')", markup=False)
    console.print(f"logged in {report.log}", markup=False)
    if as_json:
        print_json(report.to_dict())
