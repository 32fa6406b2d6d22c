"""`khabar doccano ...`: run the server, create the project and users, push articles, pull labels."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import console, print_json

app = typer.Typer(help="Run the doccano server, push articles, pull labels.", no_args_is_help=True)
users_app = typer.Typer(help="Manage doccano users.", no_args_is_help=True)
project_app = typer.Typer(help="Manage the annotation project.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(project_app, name="project")

_DIR = typer.Option(None, "--dir", envvar="KHABAR_DOCCANO_DIR", help="State folder (default annotation/.doccano).")
_PORT = typer.Option(None, "--port", envvar="KHABAR_DOCCANO_PORT", help="Port (default 8000).")
_HOST = typer.Option("127.0.0.1", "--host", help="Address to bind; keep 127.0.0.1 unless a proxy fronts it.")
_URL = typer.Option(None, "--url", help="Server URL (default: the one `up` recorded in the state folder).")
_USER = typer.Option(None, "--username", help="Log in as this user (default the admin); password from "
                                              "KHABAR_DOCCANO_PASSWORD or the state folder.")
_JSON = typer.Option(False, "--json", help="Print the result as JSON on stdout.")


def _server(state_dir: Optional[Path], port: Optional[int], host: Optional[str] = None):
    from ..doccano.server import server_from_state

    return server_from_state(state_dir, port, host)


def _session(state_dir: Optional[Path], url: Optional[str], username: Optional[str]):
    from ..doccano.client import session_from_state

    return session_from_state(state_dir, url=url, username=username)


@app.command()
def up(
    state_dir: Optional[Path] = _DIR,
    port: Optional[int] = _PORT,
    host: str = _HOST,
    timeout: float = typer.Option(180.0, help="Seconds to wait for /v1/health/."),
    database: Optional[str] = typer.Option(None, "--database", help="Database URL, e.g. postgresql://user:pw@"
                                           "127.0.0.1:5432/doccano (default: DATABASE_URL, else the one last used "
                                           "for this state folder, else SQLite in it)."),
    as_json: bool = _JSON,
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
def down(state_dir: Optional[Path] = _DIR, port: Optional[int] = _PORT, as_json: bool = _JSON) -> None:
    """Stop the gunicorn and celery processes that `up` started for this state folder."""
    server = _server(state_dir, port)
    stopped = server.down()
    console.print(f"stopped {len(stopped)} process(es)" + (f": {', '.join(map(str, stopped))}" if stopped else ""))
    if as_json:
        print_json({"stopped": stopped})


@app.command()
def status(state_dir: Optional[Path] = _DIR, port: Optional[int] = _PORT, as_json: bool = _JSON) -> None:
    """Say what runs where: URL, process ids, health."""
    current = _server(state_dir, port).status()
    for name, pid in current.pids.items():
        console.print(f"{name:9} {'pid ' + str(pid) if pid else 'not running'}")
    console.print(f"{'url':9} {current.url} ({'healthy' if current.healthy else 'not answering'})")
    console.print(f"{'state':9} {current.state_dir}")
    if as_json:
        print_json(current.to_dict())
    if not current.running:
        raise typer.Exit(1)


@app.command()
def logs(
    process: str = typer.Argument("gunicorn", help="gunicorn, celery or setup."),
    lines: int = typer.Option(40, "--lines", "-n", help="How many lines from the end."),
    state_dir: Optional[Path] = _DIR,
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
    name: str = typer.Argument(..., help="Username."),
    role: str = typer.Option("annotator", help="annotator, annotation_approver or project_admin."),
    project: Optional[str] = typer.Option(None, help="Also make the user a member of this project."),
    state_dir: Optional[Path] = _DIR,
    url: Optional[str] = _URL,
    as_json: bool = _JSON,
) -> None:
    """Create a user with a generated password (printed once, stored 0600 in the state folder)."""
    from ..doccano.project import add_user
    from ..doccano.server import server_from_state, store_user_password

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
    name: str = typer.Argument(..., help="Project name."),
    labels: Optional[Path] = typer.Option(None, help="Label definitions (default annotation/labels.json)."),
    state_dir: Optional[Path] = _DIR,
    url: Optional[str] = _URL,
    username: Optional[str] = _USER,
    as_json: bool = _JSON,
) -> None:
    """Create the annotation project (idempotent): labels, relations, overlapping spans, individual annotation."""
    from ..doccano.project import create_project

    project_id = create_project(_session(state_dir, url, username), name, labels=labels)
    console.print(f"project {name!r} has id {project_id}")
    if as_json:
        print_json({"project": name, "id": project_id})


@app.command()
def push(
    corpus: Path = typer.Argument(..., help="Corpus or gold JSON-lines file (or Parquet corpus)."),
    project: str = typer.Option(..., "--project", help="Project name."),
    preannotate: bool = typer.Option(False, "--preannotate", help="Turn the file's entities and quotes into spans."),
    annotators: str = typer.Option("", "--annotators", help="Comma-separated usernames who each get the "
                                                            "pre-annotations."),
    batch_size: int = typer.Option(2500, help="Articles per import batch (one doccano import task each)."),
    state_dir: Optional[Path] = _DIR,
    url: Optional[str] = _URL,
    username: Optional[str] = _USER,
    as_json: bool = _JSON,
) -> None:
    """Push articles into a project through doccano's file import; articles already there are skipped."""
    from ..doccano.push import push as do_push

    names = [a.strip() for a in annotators.split(",") if a.strip()]
    summary = do_push(_session(state_dir, url, username), project, corpus, preannotate=preannotate,
                      annotators=names, batch_size=batch_size, state_dir=state_dir, progress=True)
    console.print(f"pushed {summary.pushed} article(s) in {summary.batches} batch(es), skipped {summary.skipped} "
                  f"already there, {summary.spans} span(s), {summary.relations} relation(s), "
                  f"{summary.seconds:.1f} s")
    if as_json:
        print_json(summary.to_dict())


@app.command()
def pull(
    project: str = typer.Option(..., "--project", help="Project name."),
    out: Path = typer.Option(..., "--out", help="Folder for <annotator>.jsonl and manifest.json."),
    only_confirmed: bool = typer.Option(False, "--only-confirmed", help="Only articles each annotator confirmed."),
    state_dir: Optional[Path] = _DIR,
    url: Optional[str] = _URL,
    username: Optional[str] = _USER,
    as_json: bool = _JSON,
) -> None:
    """Export a project and write one gold file per annotator, plus a manifest."""
    from ..doccano.pull import pull as do_pull

    manifest = do_pull(_session(state_dir, url, username), project, out, only_confirmed=only_confirmed)
    for name, info in manifest.files.items():
        console.print(f"{name}: {info['documents']} document(s), {info['entities']} entities, "
                      f"{info['quotes']} quotes, {info['problems']} problem(s) -> {out / info['path']}")
    for problem in manifest.problems[:50]:
        console.print(f"  {problem}", markup=False)
    if len(manifest.problems) > 50:
        console.print(f"  ... and {len(manifest.problems) - 50} more in {out / 'manifest.json'}")
    if as_json:
        print_json(manifest.to_dict())
