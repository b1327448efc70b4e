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
from scripts.instance.options import InstanceConfigError
from scripts.instance.options import load
from scripts.instance.options import trusted_proxies
from scripts.instance.options import validate
from string import Template

import argparse
import os
import sys
import tempfile


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


def zeo_server_blobs(options, base):
    """The ZEO server's blob directory: with ``shared`` blobs the clients'
    own ``db_blob_location`` (server and clients on one host, or the
    directory shared between them: clients read the server's files), with
    ``cache`` a directory of its own next to the FileStorage (clients keep
    a cache in ``db_blob_location`` and fetch blobs from the server)."""
    if options["db_blob_mode"] == "shared":
        return _absolute(base, options["db_blob_location"])
    return _absolute(base, options["db_filestorage_location"]).parent / "blobstorage"


def zeo_server_conf(options, base, clienthome, log_dir):
    """etc/zeo.conf: the ZEO server for the clients of ``db_storage: zeo``
    (what plone.recipe.zeoserver renders): FileStorage ``db_filestorage_location``
    served as storage ``db_zeo_name`` at ``db_zeo_server``."""
    address = str(options["db_zeo_server"])
    return template("zeoserver.conf").substitute(
        address=address,
        pid_file=clienthome / "zeo.pid",
        name=options["db_zeo_name"],
        filestorage_location=_absolute(base, options["db_filestorage_location"]),
        blob_location=zeo_server_blobs(options, base),
        pack_keep_old=_truefalse(options["db_filestorage_pack_keep_old"]),
        log_file=log_dir / "zeo.log",
    )


def blob_cache_size_line(options):
    """The ``blob-cache-size`` line of a ZEO client or RelStorage section; as
    cookiecutter-zope-instance, no line (no limit) for 0."""
    cache_size = options["db_blob_cache_size"]
    return f"    blob-cache-size {cache_size}\n" if cache_size else ""


def render(options, base):
    """Return {relative path: text} for the instance described by ``options``."""
    target = _absolute(base, options["target"])
    clienthome = _absolute(base, options["location_clienthome"])
    log_dir = _absolute(base, options["location_log"])
    blob_location = _absolute(base, options["db_blob_location"])
    storage_kind = options["db_storage"]
    shared_blob = _truefalse(options["db_blob_mode"] == "shared")
    blob_cache_size = blob_cache_size_line(options)
    files = {}
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
            blob_cache_size=blob_cache_size,
            keep_history=_truefalse(options["db_relstorage_keep_history"]),
            cache_local_mb=options["db_relstorage_cache_local_mb"],
            dsn=options["db_relstorage_postgresql_dsn"],
        )
    else:
        storage_import = "%import ZEO\n"
        storage = template("zeoclient.conf").substitute(
            server=options["db_zeo_server"],
            name=options["db_zeo_name"],
            read_only=_truefalse(options["db_zeo_read_only"]),
            client_cache_size=options["db_zeo_client_cache_size"],
            blob_location=blob_location,
            shared_blob=shared_blob,
            blob_cache_size=blob_cache_size,
        )
        files[target / "etc" / "zeo.conf"] = zeo_server_conf(options, base, clienthome, log_dir)
    environment = {
        "CHAMELEON_CACHE": str(clienthome / "cache"),
        "zope_i18n_compile_mo_files": "true",
        **{str(k): str(v) for k, v in options["environment"].items()},
    }
    cache_size_bytes = options["db_cache_size_bytes"]
    proxies = trusted_proxies(options["trusted_proxy"])
    # Zope's getClientAddr() takes the client from X-Forwarded-For only when
    # the peer is one of these (several are fine); without any, a forged
    # X-Forwarded-For changes nothing.
    zope_proxies = "".join(f"trusted-proxy {address}\n" for address in proxies)
    # waitress trusts one peer: with exactly one proxy it rewrites the
    # client's address and scheme (https for HSTS and Secure cookies) itself;
    # with several, Zope's trusted-proxy above does the work.
    waitress_proxy = (
        f"trusted_proxy = {proxies[0]}\n"
        "trusted_proxy_count = 1\n"
        "trusted_proxy_headers = x-forwarded-for x-forwarded-proto\n"
        if len(proxies) == 1
        else ""
    )
    # as cookiecutter-zope-instance: only when not Zope's default of 3
    retries = options["max_conflict_retries"]
    zope_conf = template("zope.conf").substitute(
        instancehome=target,
        clienthome=clienthome,
        debug_mode=_onoff(options["debug_mode"]),
        security_policy="python" if options["verbose_security"] else "C",
        verbose_security=_onoff(options["verbose_security"]),
        max_conflict_retries=f"max-conflict-retries {retries}\n" if retries != 3 else "",
        trusted_proxy=zope_proxies,
        storage_import=storage_import,
        environment="\n".join(f"  {k} {v}" for k, v in environment.items()),
        form_memory_limit=options["dos_protection_form_memory_limit"],
        form_disk_limit=options["dos_protection_form_disk_limit"],
        form_memfile_limit=options["dos_protection_form_memfile_limit"],
        form_part_limit=options["dos_protection_form_part_limit"],
        cache_size=options["db_cache_size"],
        cache_size_bytes=f"  cache-size-bytes {cache_size_bytes}\n" if cache_size_bytes else "",
        storage=storage,
    )
    listen = " ".join(str(options[key]) for key in ("wsgi_listen", "wsgi_fast_listen") if options[key])
    zope_ini = template("zope.ini").substitute(
        listen=listen,
        threads=options["wsgi_threads"],
        clear_untrusted=options["wsgi_clear_untrusted_proxy_headers"],
        trusted_proxy=waitress_proxy,
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
            **files,
        },
        "inituser": (target / "inituser", f"{options['initial_user_name']}:{password}\n"),
        "directories": [
            clienthome,
            clienthome / "cache",
            log_dir,
            blob_location,
            *(
                [_absolute(base, options["db_filestorage_location"]).parent]
                if storage_kind in ("direct", "zeo")
                else []
            ),
            *([zeo_server_blobs(options, base)] if storage_kind == "zeo" else []),
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
    return write_options(load(config_path), base)


def write_options(context, base):
    """Validate the ``default_context`` mapping ``context`` and (re)write the
    instance it describes, paths relative to ``base``; ``write_instance``
    without the file (``scripts.cluster`` renders several instances from
    instance.yaml with its own overrides)."""
    options = validate(context)
    plan = render(options, Path(base))
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
