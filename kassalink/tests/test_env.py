"""Settings from the environment: good values are read, bad ones fail loudly."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from kassalink.env import env_bool, env_int, env_list


def test_booleans_read_common_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", True) is False


def test_unset_gives_the_default(monkeypatch):
    monkeypatch.delenv("X_FLAG", raising=False)
    assert env_bool("X_FLAG", True) is True
    assert env_int("X_FLAG", 7) == 7
    assert env_list("X_FLAG", ["a"]) == ["a"]


@pytest.mark.parametrize(("reader", "raw"), [(env_bool, "maybe"), (env_int, "12x")])
def test_a_bad_value_names_the_variable(monkeypatch, reader, raw):
    monkeypatch.setenv("X_SETTING", raw)
    with pytest.raises(ImproperlyConfigured, match="X_SETTING"):
        reader("X_SETTING", 0)


def test_lists_are_comma_separated_and_trimmed(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.example , b.example,,")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
