"""Where the annotations notebook 02 studies come from, in the order it tries them.

1. The doccano server ``make demo`` started (its state folder remembers the
   URL, the admin's and the annotators' generated passwords): progress from
   the server, the annotations from a pull (:func:`open_server`, :func:`pull_files`).
2. Annotator files given by hand (one gold file per annotator).
3. Neither: the gold set against what the machine would pre-annotate, so the
   notebook still shows every figure (:func:`gold_and_machine`).

When the server is not reachable the reason is returned as text, for the
notebook to say why it falls back, rather than raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .gold.model import Document

__all__ = ["ServerAccess", "gold_and_machine", "open_server", "pull_files"]


@dataclass(slots=True)
class ServerAccess:
    """A logged-in admin session on a running doccano, the project, and the annotators' passwords (when known)."""

    url: str
    session: Any
    project: str | int
    annotator_passwords: dict[str, str] = field(default_factory=dict)


def open_server(
    state_dir: str | PathLike[str] | None = None,
    *,
    url: str | None = None,
    username: str | None = None,
    password: str | None = None,
    project: str | int = "khabar-demo",
    annotators: Iterable[str] = (),
    passwords: Mapping[str, str] | None = None,
) -> ServerAccess | str:
    """Log in to the doccano of ``state_dir`` (or at ``url``) as its admin; the reason as text when that fails.

    The annotators are those named in ``annotators`` (empty names ignored, so
    ``"a,b".split(",")`` and ``"".split(",")`` both do) and in ``passwords``;
    each one's password is the one given in ``passwords``, else the one the
    state folder stored when ``khabar doccano users add`` created them.
    Annotators with no known password are left out (their confirmations per
    day cannot be read, see :mod:`khabar.progress`).
    """
    from .doccano.client import connect, session_from_state
    from .doccano.server import read_credentials, server_from_state

    server = server_from_state(state_dir)
    address = url or server.url
    try:
        if username and password:
            session = connect(address, username, password)
        else:
            if not url and not server.healthy():
                return f"doccano is not running at {address} (state folder {server.state_dir})"
            session = session_from_state(state_dir, url=url, username=username, password=password)
        pid = session.project_id(project)
    except ConfigError as error:
        return str(error)
    stored = read_credentials(server.state_dir).get("users", {})
    given = dict(passwords or {})
    names = dict.fromkeys([name for name in annotators if name] + list(given))
    known = {name: given.get(name) or stored.get(name) for name in names}
    return ServerAccess(address, session, pid, {name: p for name, p in known.items() if p})


def pull_files(access: ServerAccess, out_dir: str | PathLike[str]) -> list[Path]:
    """Pull the project (one gold file per annotator, :func:`khabar.doccano.pull.pull`) and return the files."""
    from .doccano.pull import pull

    out = Path(out_dir)
    manifest = pull(access.session, access.project, out)
    return [out / manifest.files[name]["path"] for name in manifest.annotators]


def gold_and_machine(gold: str | PathLike[str], out_dir: str | PathLike[str]) -> tuple[list[Path], list[Document]]:
    """Write the gold set and the machine's pre-annotation of the same texts as two annotator files.

    The machine is what ``make demo`` falls back to without a trained model:
    the gazetteer, then the rule-based quote extractor. Returns the two files
    (``gold.jsonl``, ``machine.jsonl``) and the machine's documents.
    """
    import dataclasses

    from .extract.entities import extract_entities, load_recognizer
    from .extract.quotes import extract_quotes
    from .gold import read_documents, write_documents

    recognizer = load_recognizer("gazetteer")
    docs = list(read_documents(gold))
    machine = [extract_quotes(extract_entities(dataclasses.replace(d, entities=[], quotes=[]), recognizer))
               for d in docs]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = [out / "gold.jsonl", out / "machine.jsonl"]
    write_documents(files[0], docs)
    write_documents(files[1], machine)
    return files, machine
