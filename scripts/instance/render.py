"""Render a Zope instance (etc/zope.conf, etc/zope.ini, etc/site.zcml, inituser)
from an ``instance.yaml`` that uses the keys of cookiecutter-zope-instance.

cookiecutter-zope-instance lives only on GitHub, which this project cannot
reach, so we render the same files ourselves.  A user with internet access can
still feed the same ``instance.yaml`` to that template.

A development tool of this repository, not part of the add-on: run it from
the repository root as ``.venv/bin/python -m scripts.instance.render
instance.yaml`` (``make instance`` does). The files it writes are the
templates in ``templates/`` (``string.Template``: ``$key``, ``$$`` for ``$``).

Everything is validated and rendered in memory first; files are then written
to temporary names and moved into place, so an invalid file never leaves a
half-written instance behind.
"""

from AuthEncoding.AuthEncoding import pw_encrypt
from pathlib import Path
from string import Template

import argparse
import os
import re
import sys
import tempfile
import yaml


class InstanceConfigError(ValueError):
    """instance.yaml has an unknown key or an invalid value."""

    def __init__(self, key, message):
        self.key = key
        super().__init__(f"instance.yaml: {key}: {message}")


STORAGES = ("direct", "relstorage", "zeo")
BLOB_MODES = ("shared", "cache")

# key -> default, in the spelling of cookiecutter-zope-instance
DEFAULTS = {
    "target": "instance",
    "location_clienthome": "{{ cookiecutter.target }}/var",
    "location_log": "{{ cookiecutter.location_clienthome }}/log",
    "wsgi_listen": "localhost:8080",
    "wsgi_fast_listen": "",
    "wsgi_threads": 4,
    "wsgi_max_request_body_size": 1073741824,
    "wsgi_clear_untrusted_proxy_headers": False,
    "environment": {},
    "initial_user_name": "admin",
    "initial_user_password": "",
    "debug_mode": False,
    "verbose_security": False,
    "max_conflict_retries": 3,
    "dos_protection_form_memory_limit": "1MB",
    "dos_protection_form_disk_limit": "1GB",
    "dos_protection_form_memfile_limit": "4KB",
    "dos_protection_form_part_limit": 1024,
    "db_storage": "direct",
    "db_cache_size": 30000,
    "db_cache_size_bytes": 0,
    "db_blob_mode": "shared",
    "db_blob_location": "{{ cookiecutter.location_clienthome }}/blobstorage",
    "db_blob_cache_size": 0,
    "db_filestorage_location": "{{ cookiecutter.location_clienthome }}/filestorage/Data.fs",
    "db_filestorage_pack_keep_old": True,
    "db_relstorage": "postgresql",
    "db_relstorage_postgresql_dsn": "",
    "db_relstorage_keep_history": False,
    "db_relstorage_cache_local_mb": 10,
    "db_zeo_server": "localhost:8100",
    "db_zeo_name": "1",
    "db_zeo_read_only": False,
    "db_zeo_client_cache_size": "128MB",
}

BOOL_KEYS = {k for k, v in DEFAULTS.items() if isinstance(v, bool)}
INT_KEYS = {k for k, v in DEFAULTS.items() if isinstance(v, int) and k not in BOOL_KEYS}
SIZE_RE = re.compile(r"^\d+\s*[KMG]?B$", re.IGNORECASE)
SIZE_KEYS = {
    "dos_protection_form_memory_limit",
    "dos_protection_form_disk_limit",
    "dos_protection_form_memfile_limit",
    "db_zeo_client_cache_size",
}
LISTEN_RE = re.compile(r"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-]+|\*)?:\d{1,5}$")
REF_RE = re.compile(r"\{\{\s*cookiecutter\.(\w+)\s*\}\}")


def load(path):
    """Read instance.yaml; return its ``default_context`` mapping."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InstanceConfigError("(file)", f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or set(data) != {"default_context"}:
        raise InstanceConfigError(
            "default_context", "the file must hold one top-level key, default_context"
        )
    context = data["default_context"]
    if not isinstance(context, dict):
        raise InstanceConfigError("default_context", "must be a mapping of keys")
    return context


def _expand(value, options, seen=()):
    def replace(match):
        key = match.group(1)
        if key not in options or key in seen:
            raise InstanceConfigError(key, "unknown key referenced in a value")
        return str(_expand(options[key], options, seen + (key,)))

    return REF_RE.sub(replace, value) if isinstance(value, str) else value


def validate(context):
    """Return the complete, checked options: defaults updated with ``context``."""
    for key in context:
        if key not in DEFAULTS:
            raise InstanceConfigError(key, "unknown key")
    options = {**DEFAULTS, **context}
    for key in BOOL_KEYS:
        if not isinstance(options[key], bool):
            raise InstanceConfigError(key, "must be true or false")
    for key in INT_KEYS:
        value = options[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InstanceConfigError(key, "must be a whole number, 0 or more")
    for key in SIZE_KEYS:
        if not SIZE_RE.match(str(options[key])):
            raise InstanceConfigError(key, "must be a size such as 4KB, 1MB or 1GB")
    if options["wsgi_threads"] < 1:
        raise InstanceConfigError("wsgi_threads", "must be at least 1")
    if not isinstance(options["environment"], dict):
        raise InstanceConfigError("environment", "must be a mapping NAME: value")
    for name in options["environment"]:
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", str(name)):
            raise InstanceConfigError("environment", f"invalid variable name {name!r}")
    if options["db_storage"] not in STORAGES:
        raise InstanceConfigError(
            "db_storage", f"must be one of {', '.join(STORAGES)}"
        )
    if options["db_blob_mode"] not in BLOB_MODES:
        raise InstanceConfigError("db_blob_mode", "must be shared or cache")
    for key in ("wsgi_listen", "wsgi_fast_listen"):
        value = options[key]
        for address in str(value).split():
            if not LISTEN_RE.match(address):
                raise InstanceConfigError(key, f"{address!r} is not host:port")
    if not str(options["wsgi_listen"]).strip():
        raise InstanceConfigError("wsgi_listen", "must not be empty")
    name = options["initial_user_name"]
    if not isinstance(name, str) or not re.match(r"^[A-Za-z0-9_.@\-]+$", name):
        raise InstanceConfigError("initial_user_name", "must be a plain login name")
    password = options["initial_user_password"]
    if not isinstance(password, str) or len(password) < 4 or ":" in password:
        raise InstanceConfigError(
            "initial_user_password", "must be at least 4 characters, without ':'"
        )
    if options["db_storage"] == "relstorage":
        if options["db_relstorage"] != "postgresql":
            raise InstanceConfigError(
                "db_relstorage", "only postgresql is supported by this project"
            )
        if not str(options["db_relstorage_postgresql_dsn"]).strip():
            raise InstanceConfigError(
                "db_relstorage_postgresql_dsn", "required when db_storage is relstorage"
            )
    if options["db_storage"] == "zeo":
        address = str(options["db_zeo_server"])
        if not (LISTEN_RE.match(address) or address.startswith("/")):
            raise InstanceConfigError(
                "db_zeo_server", "must be host:port or the path of a unix socket"
            )
    return {key: _expand(value, options) for key, value in options.items()}


def _absolute(base, value):
    path = Path(value)
    return path if path.is_absolute() else (base / path)


TEMPLATES = Path(__file__).parent / "templates"


def template(name):
    """A template of ``templates/``: ``$key`` placeholders, ``$$`` for ``$``."""
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def _onoff(value):
    return "on" if value else "off"


def _truefalse(value):
    return "true" if value else "false"


def render(options, base):
    """Return {relative path: text} for the instance described by ``options``."""
    target = _absolute(base, options["target"])
    clienthome = _absolute(base, options["location_clienthome"])
    log_dir = _absolute(base, options["location_log"])
    blob_location = _absolute(base, options["db_blob_location"])
    storage_kind = options["db_storage"]
    shared_blob = _truefalse(options["db_blob_mode"] == "shared")
    if storage_kind == "direct":
        storage_import = ""
        # FileStorage with its own blob directory, as cookiecutter-zope-instance
        # renders it. Never ZODB's <blobstorage> proxy around a <filestorage>:
        # under concurrent commits its abort handling deletes the blob files of
        # another transaction that then commits (bench/blob_loss.py).
        storage = template("filestorage.conf").substitute(
            blob_location=blob_location,
            filestorage_location=_absolute(base, options["db_filestorage_location"]),
            pack_keep_old=_truefalse(options["db_filestorage_pack_keep_old"]),
        )
    elif storage_kind == "relstorage":
        storage_import = "%import relstorage\n"
        storage = template("relstorage.conf").substitute(
            blob_location=blob_location,
            shared_blob=shared_blob,
            blob_cache_size=options["db_blob_cache_size"],
            keep_history=_truefalse(options["db_relstorage_keep_history"]),
            cache_local_mb=options["db_relstorage_cache_local_mb"],
            dsn=options["db_relstorage_postgresql_dsn"],
        )
    else:
        storage_import = "%import ZEO\n"
        storage = template("zeo.conf").substitute(
            server=options["db_zeo_server"],
            name=options["db_zeo_name"],
            read_only=_truefalse(options["db_zeo_read_only"]),
            client_cache_size=options["db_zeo_client_cache_size"],
            blob_location=blob_location,
            shared_blob=shared_blob,
            blob_cache_size=options["db_blob_cache_size"],
        )
    environment = {
        "CHAMELEON_CACHE": str(clienthome / "cache"),
        "zope_i18n_compile_mo_files": "true",
        **{str(k): str(v) for k, v in options["environment"].items()},
    }
    cache_size_bytes = options["db_cache_size_bytes"]
    zope_conf = template("zope.conf").substitute(
        instancehome=target,
        clienthome=clienthome,
        debug_mode=_onoff(options["debug_mode"]),
        security_policy="python" if options["verbose_security"] else "C",
        verbose_security=_onoff(options["verbose_security"]),
        storage_import=storage_import,
        environment="\n".join(f"  {k} {v}" for k, v in environment.items()),
        form_memory_limit=options["dos_protection_form_memory_limit"],
        form_disk_limit=options["dos_protection_form_disk_limit"],
        form_memfile_limit=options["dos_protection_form_memfile_limit"],
        form_part_limit=options["dos_protection_form_part_limit"],
        cache_size=options["db_cache_size"],
        cache_size_bytes=f"  cache-size-bytes {cache_size_bytes}\n"
        if cache_size_bytes
        else "",
        storage=storage,
    )
    listen = " ".join(
        str(options[key]) for key in ("wsgi_listen", "wsgi_fast_listen") if options[key]
    )
    zope_ini = template("zope.ini").substitute(
        listen=listen,
        threads=options["wsgi_threads"],
        clear_untrusted=options["wsgi_clear_untrusted_proxy_headers"],
        max_request_body_size=options["wsgi_max_request_body_size"],
        log_dir=log_dir,
    )
    password = pw_encrypt(options["initial_user_password"], "SHA")
    if isinstance(password, bytes):
        password = password.decode("ascii")
    return {
        "files": {
            target / "etc" / "zope.conf": zope_conf,
            target / "etc" / "zope.ini": zope_ini,
            target / "etc" / "site.zcml": (TEMPLATES / "site.zcml").read_text(encoding="utf-8"),
        },
        "inituser": (target / "inituser", f"{options['initial_user_name']}:{password}\n"),
        "directories": [
            clienthome,
            clienthome / "cache",
            log_dir,
            blob_location,
            *(
                [_absolute(base, options["db_filestorage_location"]).parent]
                if storage_kind == "direct"
                else []
            ),
        ],
    }


def _write(path, text, mode=0o644):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_instance(config_path, base=None):
    """Validate ``config_path`` and (re)write the instance files.

    ``inituser`` is written only when the instance is new (no etc/zope.conf
    yet), so re-rendering never resets a password changed through the web.
    Returns the rendered plan.
    """
    config_path = Path(config_path).resolve()
    base = Path(base).resolve() if base else config_path.parent
    options = validate(load(config_path))
    plan = render(options, base)
    zope_conf = next(iter(plan["files"]))
    is_new = not zope_conf.exists()
    for directory in plan["directories"]:
        directory.mkdir(parents=True, exist_ok=True)
    for path, text in plan["files"].items():
        _write(path, text)
    if is_new:
        path, text = plan["inituser"]
        _write(path, text, mode=0o600)
    plan["options"] = options
    plan["new"] = is_new
    return plan


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", nargs="?", default="instance.yaml")
    args = parser.parse_args(argv)
    try:
        plan = write_instance(args.config)
    except InstanceConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: {exc.filename} not found", file=sys.stderr)
        return 2
    target = next(iter(plan["files"])).parent.parent
    print(f"Instance rendered in {target} ({plan['options']['db_storage']} storage)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
