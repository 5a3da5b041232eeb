"""The typed readers of environment settings, each given its own environment (no real one is touched)."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from microcred.config import env

KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()  # 44 characters, one "=" of padding


# ---- raw and the _FILE variants ----


def test_raw_reads_the_variable():
    assert env.raw("NAME", {"NAME": "value"}) == "value"


def test_raw_is_none_when_nothing_is_set():
    assert env.raw("NAME", {}) is None


def test_raw_keeps_an_empty_value():
    assert env.raw("NAME", {"NAME": ""}) == ""


def test_raw_reads_the_file_named_by_the_file_variant(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("  s3cret value \n", encoding="utf-8")
    assert env.raw("NAME", {"NAME_FILE": str(secret)}) == "s3cret value"


def test_setting_both_the_value_and_the_file_is_an_error(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("x", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="NAME and NAME_FILE are both set"):
        env.raw("NAME", {"NAME": "y", "NAME_FILE": str(secret)})


def test_an_empty_value_beside_a_file_is_still_both(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="both set"):
        env.raw("NAME", {"NAME": "", "NAME_FILE": str(tmp_path / "x")})


def test_a_file_that_cannot_be_read_names_the_variable(tmp_path):
    with pytest.raises(ImproperlyConfigured, match=r"^NAME_FILE: cannot read .*missing"):
        env.raw("NAME", {"NAME_FILE": str(tmp_path / "missing")})


def test_the_file_variant_works_for_every_reader(tmp_path):
    (tmp_path / "debug").write_text("yes\n", encoding="utf-8")
    (tmp_path / "url").write_text("https://badges.example.edu\n", encoding="utf-8")
    assert env.boolean("MICROCRED_DEBUG", False, {"MICROCRED_DEBUG_FILE": str(tmp_path / "debug")}) is True
    environ = {"MICROCRED_PUBLIC_URL_FILE": str(tmp_path / "url")}
    assert (
        env.public_url("MICROCRED_PUBLIC_URL", "http://127.0.0.1:8000", environ)
        == "https://badges.example.edu"
    )


# ---- boolean ----


@pytest.mark.parametrize("word", ["1", "true", "TRUE", "yes", "on", " On "])
def test_boolean_true_words(word):
    assert env.boolean("FLAG", False, {"FLAG": word}) is True


@pytest.mark.parametrize("word", ["0", "false", "No", "off", ""])
def test_boolean_false_words(word):
    assert env.boolean("FLAG", True, {"FLAG": word}) is False


@pytest.mark.parametrize("default", [True, False])
def test_boolean_default_when_unset(default):
    assert env.boolean("FLAG", default, {}) is default


@pytest.mark.parametrize("word", ["maybe", "2", "y"])
def test_boolean_refuses_other_words_naming_the_variable(word):
    with pytest.raises(ImproperlyConfigured, match=rf"^FLAG='{word}' is not a boolean"):
        env.boolean("FLAG", False, {"FLAG": word})


# ---- choice ----


def test_choice_takes_one_of_the_choices_or_the_default():
    choices = ("INFO", "DEBUG")
    assert env.choice("LEVEL", "INFO", choices, {"LEVEL": "DEBUG"}) == "DEBUG"
    assert env.choice("LEVEL", "INFO", choices, {}) == "INFO"
    assert env.choice("LEVEL", "INFO", choices, {"LEVEL": ""}) == "INFO"


def test_choice_refuses_anything_else_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^LEVEL='debug' is not one of: INFO, DEBUG"):
        env.choice("LEVEL", "INFO", ("INFO", "DEBUG"), {"LEVEL": "debug"})


# ---- public_url ----


@pytest.mark.parametrize(
    ("value", "origin"),
    [
        ("https://badges.example.edu", "https://badges.example.edu"),
        ("https://badges.example.edu/", "https://badges.example.edu"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("  https://Badges.Example.edu:8443  ", "https://Badges.Example.edu:8443"),
    ],
)
def test_public_url_gives_an_origin(value, origin):
    assert env.public_url("PUBLIC", "http://default.example", {"PUBLIC": value}) == origin


def test_public_url_default_when_unset():
    assert env.public_url("PUBLIC", "http://127.0.0.1:8000", {}) == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("badges.example.edu", "must be an http(s) origin"),
        ("ftp://badges.example.edu", "must be an http(s) origin"),
        ("https://", "must be an http(s) origin"),
        ("https://badges.example.edu/microcred", "without a path, query or fragment"),
        ("https://badges.example.edu/?x=1", "without a path, query or fragment"),
        ("https://badges.example.edu/#top", "without a path, query or fragment"),
    ],
)
def test_public_url_refuses_anything_but_an_origin(value, complaint):
    with pytest.raises(ImproperlyConfigured, match=r"^PUBLIC=") as error:
        env.public_url("PUBLIC", "http://default.example", {"PUBLIC": value})
    assert complaint in str(error.value)


# ---- key_encryption_key ----


@pytest.mark.parametrize("value", [KEY, KEY.rstrip("="), f"  {KEY}\n"], ids=["padded", "unpadded", "spaces"])
def test_the_key_encryption_key_decodes_to_32_bytes(value):
    assert env.key_encryption_key("KEK", value) == bytes(range(32))


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        (base64.urlsafe_b64encode(b"too short").decode(), "must decode to 32 bytes; it decodes to 9"),
        (base64.urlsafe_b64encode(bytes(33)).decode(), "must decode to 32 bytes; it decodes to 33"),
        ("a", "is not URL-safe base64"),
        (KEY[:-4] + "!!!=", "is not URL-safe base64"),
        (KEY.rstrip("=") + ".", "is not URL-safe base64"),
        ("", "must decode to 32 bytes"),
    ],
)
def test_a_bad_key_encryption_key_is_refused_naming_the_variable(value, complaint):
    with pytest.raises(ImproperlyConfigured, match=r"^KEK ") as error:
        env.key_encryption_key("KEK", value)
    assert complaint in str(error.value)


def test_the_key_printed_by_generate_kek_is_accepted(capsys):
    from django.core.management import call_command

    call_command("generate_kek")
    printed = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(env.key_encryption_key("KEK", printed)) == 32


# ---- email_settings ----


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("console://", "django.core.mail.backends.console.EmailBackend"),
        ("locmem://", "django.core.mail.backends.locmem.EmailBackend"),
        ("dummy://", "django.core.mail.backends.dummy.EmailBackend"),
    ],
)
def test_email_urls_choose_a_backend(url, backend):
    assert env.email_settings("EMAIL_URL", url) == {"EMAIL_BACKEND": backend}


def test_a_file_email_url_names_the_directory():
    settings = env.email_settings("EMAIL_URL", "file:///var/mail/micro%20cred")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert settings["EMAIL_FILE_PATH"] == "/var/mail/micro cred"


def test_an_smtp_url_with_starttls_user_password_and_sender():
    settings = env.email_settings(
        "EMAIL_URL",
        "smtp://mailer%40college.edu:p%40ss%3Aword@smtp.college.edu:587?tls=1&from=Badges%20<b@c.edu>",
    )
    assert settings == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.college.edu",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer@college.edu",
        "EMAIL_HOST_PASSWORD": "p@ss:word",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "Badges <b@c.edu>",
        "SERVER_EMAIL": "Badges <b@c.edu>",
    }


@pytest.mark.parametrize(
    ("url", "port", "ssl"), [("smtp://mail.example", 25, False), ("smtps://mail.example", 465, True)]
)
def test_smtp_default_ports_and_implicit_tls(url, port, ssl):
    settings = env.email_settings("EMAIL_URL", url)
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_SSL"], settings["EMAIL_USE_TLS"]) == (
        port,
        ssl,
        False,
    )
    assert settings["EMAIL_HOST_USER"] == settings["EMAIL_HOST_PASSWORD"] == ""


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("sendgrid://key", "unknown scheme 'sendgrid'"),
        ("mail.example.edu", "unknown scheme ''"),
        ("file://", "a file:// URL needs a directory path"),
        ("smtp://", "an SMTP URL needs a host"),
        ("smtp://mail.example:port", "the port is not a number"),
    ],
)
def test_a_bad_email_url_is_refused_naming_the_variable(url, complaint):
    with pytest.raises(ImproperlyConfigured, match=r"^EMAIL_URL=") as error:
        env.email_settings("EMAIL_URL", url)
    assert complaint in str(error.value)


def test_the_password_of_an_email_url_is_not_repeated_in_errors():
    with pytest.raises(ImproperlyConfigured) as error:
        env.email_settings("EMAIL_URL", "smtp://user:hunter2@mail.example:port")
    assert "hunter2" not in str(error.value)
