"""Unit tests of khabar.doccano.project's error paths (a fake session; the real server's are in tests/integration)."""

from __future__ import annotations

from typing import Any

import pytest

from khabar.doccano.project import add_user
from khabar.errors import ConfigError, InputError

_TOO_SIMILAR = ('doccano answered 400 to POST http://127.0.0.1:8000/v1/users/create: '
                '{"non_field_errors":["The password is too similar to the email address."]}')


class _RefusingServer:
    """Answers users/create as doccano does: the first ``refusals`` passwords are refused with ``answer``."""

    def __init__(self, refusals: int, answer: str = _TOO_SIMILAR) -> None:
        self.refusals, self.answer = refusals, answer
        self.passwords: list[str] = []

    def user_id(self, name: str) -> int | None:
        return None

    def post(self, route: str, json: dict[str, Any]) -> dict[str, Any]:
        assert route == "users/create" and json["password1"] == json["password2"]
        self.passwords.append(json["password1"])
        if len(self.passwords) <= self.refusals:
            raise ConfigError("E313", self.answer)
        return {"id": 7}


def test_a_generated_password_doccano_refuses_is_drawn_again() -> None:
    # Django's similarity validator refused T5sZC78o1Lh5RAAT for badr_c5815a@localhost in a real run.
    server = _RefusingServer(refusals=2)
    password = add_user(server, "badr_c5815a")  # type: ignore[arg-type]
    assert len(server.passwords) == 3 and len(set(server.passwords)) == 3
    # at most 30 characters: doccano's login form disables its button for a longer password
    assert password == server.passwords[-1] and 20 <= len(password) <= 30


def test_a_password_the_caller_chose_is_not_replaced_and_other_refusals_are_errors() -> None:
    server = _RefusingServer(refusals=1)
    with pytest.raises(ConfigError, match="too similar"):
        add_user(server, "badr", password="badr12345678")  # type: ignore[arg-type]
    assert server.passwords == ["badr12345678"]
    server = _RefusingServer(refusals=1, answer='doccano answered 400: {"username":["already exists"]}')
    with pytest.raises(ConfigError, match="already exists"):
        add_user(server, "badr")  # type: ignore[arg-type]
    assert len(server.passwords) == 1
    server = _RefusingServer(refusals=10)
    with pytest.raises(ConfigError, match="too similar"):
        add_user(server, "badr")  # type: ignore[arg-type]
    assert len(server.passwords) == 5  # then it gives up, saying why


def test_an_empty_password_is_no_choice_and_gets_the_generated_ones_retries() -> None:
    server = _RefusingServer(refusals=1)
    password = add_user(server, "badr", password="")  # type: ignore[arg-type]
    assert len(server.passwords) == 2 and password == server.passwords[-1] != ""


def test_a_name_or_password_doccano_s_login_form_refuses_is_e387_before_anything_is_created() -> None:
    # doccano stores a 31-character name or password, but its login form never lets that user in.
    server = _RefusingServer(refusals=0)
    for name, password, field in (("a" * 31, None, "name"), ("badr", "p" * 31, "password")):
        with pytest.raises(InputError) as caught:
            add_user(server, name, password=password)  # type: ignore[arg-type]
        assert (caught.value.code, caught.value.field) == ("E387", field) and "at most 30" in caught.value.message
    assert server.passwords == []
    assert add_user(server, "a" * 30, password="p" * 30) == "p" * 30  # type: ignore[arg-type]


def test_users_add_says_what_is_wrong_with_the_user_before_looking_for_a_server(tmp_path) -> None:
    # With no server (and no credentials) in the state folder, a bad role or name is still the error the user sees.
    from typer.testing import CliRunner

    from khabar.cli import app

    for args, code in ((["badr", "--role", "boss"], "E323"), (["a" * 31], "E387")):
        result = CliRunner().invoke(app, ["doccano", "users", "add", *args, "--dir", str(tmp_path / "none")])
        assert isinstance(result.exception, InputError) and result.exception.code == code, result.output
    assert not (tmp_path / "none").exists()
