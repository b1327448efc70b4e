"""instance.yaml: its keys (those of cookiecutter-zope-instance), their
defaults, and the checks that stop a render naming the bad key."""

from pathlib import Path

import ipaddress
import re
import yaml


class InstanceConfigError(ValueError):
    """instance.yaml has an unknown key or an invalid value."""

    def __init__(self, key, message):
        self.key = key
        super().__init__(f"instance.yaml: {key}: {message}")


STORAGES = ("direct", "relstorage", "zeo")
BLOB_MODES = ("shared", "cache")
# A blob cache must hold the documents being read at the same moment: a
# smaller one deletes a file while a download is opening it (with a 0-byte
# cache about 2 % of downloads failed).
SMALLEST_BLOB_CACHE = 100 * 1024 * 1024

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
    "trusted_proxy": "",
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
    # cookiecutter-zope-instance's default; 0 renders no limit
    "db_blob_cache_size": 6312427520,
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
    # Not keys of cookiecutter-zope-instance (it has none for backups or the
    # days a pack keeps); read by scripts/instance/backup.py only.
    "db_backup_location": "backups",
    "db_pack_days": 7,
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
        raise InstanceConfigError("default_context", "the file must hold one top-level key, default_context")
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


def trusted_proxies(value):
    """The addresses of ``trusted_proxy``: comma-separated, as in
    cookiecutter-zope-instance (a YAML list is accepted too)."""
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    elif isinstance(value, str):
        items = value.split(",")
    else:
        raise InstanceConfigError("trusted_proxy", "must be a comma-separated list of IP addresses")
    return [item.strip() for item in items if item.strip()]


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
        raise InstanceConfigError("db_storage", f"must be one of {', '.join(STORAGES)}")
    if options["db_blob_mode"] not in BLOB_MODES:
        raise InstanceConfigError("db_blob_mode", "must be shared or cache")
    for key in ("wsgi_listen", "wsgi_fast_listen"):
        value = options[key]
        for address in str(value).split():
            if not LISTEN_RE.match(address):
                raise InstanceConfigError(key, f"{address!r} is not host:port")
    proxies = trusted_proxies(options["trusted_proxy"])
    for address in proxies:
        try:
            ipaddress.ip_address(address)
        except ValueError:
            # waitress compares the peer's address as a string; a name or a
            # network would silently trust nobody (or everybody)
            raise InstanceConfigError("trusted_proxy", f"{address!r} is not an IP address") from None
    if len(proxies) > 1 and options["wsgi_clear_untrusted_proxy_headers"]:
        raise InstanceConfigError(
            "wsgi_clear_untrusted_proxy_headers",
            "waitress trusts one proxy only: with several trusted_proxy addresses Zope reads "
            "X-Forwarded-For itself, so waitress must not clear it (set false)",
        )
    options["trusted_proxy"] = ",".join(proxies)
    if not str(options["wsgi_listen"]).strip():
        raise InstanceConfigError("wsgi_listen", "must not be empty")
    name = options["initial_user_name"]
    if not isinstance(name, str) or not re.match(r"^[A-Za-z0-9_.@\-]+$", name):
        raise InstanceConfigError("initial_user_name", "must be a plain login name")
    password = options["initial_user_password"]
    if not isinstance(password, str) or len(password) < 4 or ":" in password:
        raise InstanceConfigError("initial_user_password", "must be at least 4 characters, without ':'")
    location = options["db_backup_location"]
    if not isinstance(location, str) or not location.strip():
        raise InstanceConfigError("db_backup_location", "must be a directory path")
    if options["db_storage"] == "relstorage":
        if options["db_relstorage"] != "postgresql":
            raise InstanceConfigError("db_relstorage", "only postgresql is supported by this project")
        if not str(options["db_relstorage_postgresql_dsn"]).strip():
            raise InstanceConfigError(
                "db_relstorage_postgresql_dsn", "required when db_storage is relstorage"
            )
    cache_size = options["db_blob_cache_size"]
    if (
        options["db_storage"] != "direct"
        and options["db_blob_mode"] == "cache"
        and not SMALLEST_BLOB_CACHE <= cache_size
    ):
        raise InstanceConfigError(
            "db_blob_cache_size",
            f"with db_blob_mode cache, at least {SMALLEST_BLOB_CACHE} bytes (100 MB): the cache must "
            "hold every document being read at once (default 6312427520)",
        )
    if options["db_storage"] == "zeo":
        address = str(options["db_zeo_server"])
        if not (LISTEN_RE.match(address) or address.startswith("/")):
            raise InstanceConfigError("db_zeo_server", "must be host:port or the path of a unix socket")
    return {key: _expand(value, options) for key, value in options.items()}
