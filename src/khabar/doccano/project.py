"""The annotation project in doccano: labels, guidelines, users and members.

The project's span labels and relation types come from ``annotation/labels.json``
and its guideline text from ``annotation/guidelines.md``; both are checked into
the repository so that every server gets the same project.
"""

from __future__ import annotations

import secrets
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..io import read_json_file
from .client import Session

__all__ = ["ROLES", "add_member", "add_user", "check_user", "create_project", "guideline_text", "label_ids", "load_labels",
           "set_confirmed"]

ROLES: tuple[str, ...] = ("annotator", "annotation_approver", "project_admin")


def _annotation_dir() -> Path:
    from .server import repo_root

    return repo_root() / "annotation"


def load_labels(path: str | PathLike[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The ``{"span": [...], "relation": [...]}`` label definitions (default ``annotation/labels.json``)."""
    path = Path(path) if path is not None else _annotation_dir() / "labels.json"
    data = read_json_file(path, missing=("E320", "the label definitions are missing"), invalid=("E321", "not valid JSON"))
    for kind in ("span", "relation"):
        if not isinstance(data.get(kind), list):
            raise InputError("E322", f"expected a list of {kind} labels", path=path, field=kind)
        for i, label in enumerate(data[kind]):
            if not isinstance(label, dict) or not isinstance(label.get("text"), str):
                raise InputError("E322", "each label needs a string 'text'", path=path, field=f"{kind}[{i}].text")
    return data


def guideline_text() -> str:
    """The annotators' guidelines (``annotation/guidelines.md``), shown by the annotation page's book button.

    Stripped as doccano stores it (its serializer trims surrounding whitespace), so a
    project holding the current text compares equal and is left alone.
    """
    path = _annotation_dir() / "guidelines.md"
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


#: The longest project name doccano 1.8.4 stores (its ``Project.name`` field).
MAX_PROJECT_NAME = 100


#: The longest user name and password doccano 1.8.4's login form lets through (its rules: ``length <= 30``).
MAX_LOGIN_FIELD = 30


def check_project_name(name: str, *, field: str = "project") -> str:
    """``name``, or E386 when doccano would refuse it as too long (it answers a bare 400)."""
    if len(name) > MAX_PROJECT_NAME:
        raise InputError("E386", name=name, length=len(name), limit=MAX_PROJECT_NAME, field=field)
    return name


def create_project(session: Session, name: str, *, labels: str | PathLike[str] | None = None,
                   description: str = "Entities and attributed quotes in Arabic news (khabar)") -> int:
    """Create the SequenceLabeling project ``name`` with its labels; return its id.

    Idempotent: an existing project of that name is completed (missing label
    types are added, its guidelines replaced by the current ones) and its id
    returned. Relations and overlapping spans are
    on (a SOURCE contains a PERS), grapheme mode is off (it miscounts vowelled
    Arabic), and annotation is individual so each annotator's labels stay theirs.
    """
    check_project_name(name)
    definitions = load_labels(labels)
    project_id = session.find_project(name)
    if project_id is None:
        created = session.post("projects", json={
            "name": name,
            "description": description,
            "guideline": guideline_text(),
            "project_type": "SequenceLabeling",
            "resourcetype": "SequenceLabelingProject",
            "collaborative_annotation": False,
            "allow_overlapping": True,
            "grapheme_mode": False,
            "use_relation": True,
            "random_order": False,
        })
        project_id = int(created["id"])
        session.remember_project(name, project_id)
    else:
        _update_guideline(session, project_id)
    for kind, route in (("span", "span-types"), ("relation", "relation-types")):
        existing = {t["text"] for t in session.get(f"projects/{project_id}/{route}")}
        for label in definitions[kind]:
            if label["text"] in existing:
                continue
            session.post(f"projects/{project_id}/{route}", json={
                "text": label["text"],
                "prefix_key": None,
                "suffix_key": label.get("suffix_key"),
                "background_color": label.get("background_color", "#209cee"),
                "text_color": label.get("text_color", "#ffffff"),
            })
    return project_id


def _update_guideline(session: Session, project_id: int) -> None:
    """Give an existing project the current guidelines, so annotators never read an outdated copy."""
    current = session.get(f"projects/{project_id}")
    text = guideline_text()
    if current.get("guideline") != text:
        # doccano's project route is polymorphic: an update names the project's resource type.
        resource = current.get("resourcetype", "SequenceLabelingProject")
        session.request("PATCH", f"projects/{project_id}", json={"guideline": text, "resourcetype": resource})


def label_ids(session: Session, project: str | int) -> tuple[dict[str, int], dict[str, int]]:
    """``(span type name -> id, relation type name -> id)`` of a project."""
    pid = session.project_id(project)
    spans = {t["text"]: int(t["id"]) for t in session.get(f"projects/{pid}/span-types")}
    relations = {t["text"]: int(t["id"]) for t in session.get(f"projects/{pid}/relation-types")}
    return spans, relations


def add_member(session: Session, project: str | int, username: str, role: str = "annotator") -> None:
    """Give ``username`` a role in a project (idempotent; an existing member keeps their role)."""
    if role not in ROLES:
        raise InputError("E323", f"role must be one of {ROLES}, found {role!r}", field="role")
    pid = session.project_id(project)
    if any(m["username"] == username for m in session.get(f"projects/{pid}/members")):
        return
    user_id = session.user_id(username)
    if user_id is None:
        raise ConfigError("E324", f"no doccano user named {username!r} (add one with `khabar doccano users add`)")
    role_id = next((int(r["id"]) for r in session.get("roles") if r["name"] == role), None)
    if role_id is None:
        raise ConfigError("E325", f"the server has no role {role!r}: was `doccano init` run?")
    session.post(f"projects/{pid}/members", json={"user": user_id, "role": role_id})


def check_user(name: str, role: str = "annotator", password: str | None = None) -> None:
    """Raise the error :func:`add_user` would for a role doccano lacks (E323) or a name or password its login page
    cannot take (E387): callers check before a server is looked for, so the answer does not wait on one."""
    if role not in ROLES:
        raise InputError("E323", f"role must be one of {ROLES}, found {role!r}", field="role")
    for what, value, field in ((f"user name {name!r}", name, "name"), ("the password", password or "", "password")):
        if len(value) > MAX_LOGIN_FIELD:
            raise InputError("E387", what=what, length=len(value), limit=MAX_LOGIN_FIELD, field=field)


def add_user(session: Session, name: str, role: str = "annotator", project: str | int | None = None,
             password: str | None = None) -> str | None:
    """Create the doccano user ``name`` with a generated password and return it.

    An existing user keeps their password (None is returned). With ``project``,
    the user also becomes a member with ``role``. The session must be the admin's.
    """
    check_user(name, role, password)
    created: str | None = None
    if session.user_id(name) is None:
        created = _create_user(session, name, password)
    if project is not None:
        add_member(session, project, name, role)
    return created


#: How many generated passwords doccano may refuse before :func:`add_user` gives up.
_PASSWORD_ATTEMPTS = 5
#: Random bytes of a generated password: 24 characters, under the 30 that doccano's login form accepts (a longer
#: password is stored, but its annotator can never log in: the form keeps its button disabled).
_PASSWORD_BYTES = 18


def _create_user(session: Session, name: str, password: str | None) -> str:
    """Create ``name`` with ``password``, or with a generated one, which is drawn again if doccano refuses it.

    doccano runs Django's password validators, and the similarity one refuses a
    password that shares enough characters, in any order, with the user's name
    or e-mail address (``T5sZC78o1Lh5RAAT`` for ``badr_c5815a@localhost``): rare
    for 24 random characters, never twice in a row in practice. A password the
    caller chose is the caller's to change, so its refusal is the error.
    """
    password = password or None  # an empty password is no choice: one is generated
    attempt = 1
    while True:
        created = password or secrets.token_urlsafe(_PASSWORD_BYTES)
        try:
            session.post("users/create", json={"username": name, "email": f"{name}@localhost",
                                                "password1": created, "password2": created})
            return created
        except ConfigError as error:
            if password is not None or attempt == _PASSWORD_ATTEMPTS or "password" not in error.message.lower():
                raise
        attempt += 1


def set_confirmed(session: Session, project: str | int, example_id: int, confirmed: bool = True) -> bool:
    """Mark an example confirmed (or not) for the session's user; return whether it changed anything.

    doccano's confirm route is a toggle (calling it twice un-confirms), so the
    current state is read first and the route is called only when it differs.
    """
    pid = session.project_id(project)
    current = bool(session.get(f"projects/{pid}/examples/{example_id}")["is_confirmed"])
    if current == confirmed:
        return False
    session.post(f"projects/{pid}/examples/{example_id}/states", json={})
    return True
