"""Write buildout's [versions] (versions.cfg) from the pip lock (constraints.txt).

constraints.txt is the one source of truth for pins; versions.cfg is generated
from it (and gitignored). Usage, from the repository root (stdlib only):

    python3 scripts/buildout_versions.py [constraints.txt [versions.cfg]]
    python3 scripts/buildout_versions.py --check   # exit 1 if versions.cfg is stale

Called by ``make buildout-versions`` and so by ``make check-buildout``.
"""

from pathlib import Path

import re
import sys

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*(?:#.*)?$")

# Buildout canonicalizes [versions] keys, except that before doing so it looks
# up these two by their exact dotted spelling and, when missing, adds its own
# default (zc.buildout >= running version, zc.recipe.egg >= 2.0.6) which then
# shadows the dashed pin from the lock: "Picked: zc.recipe.egg = ..." with
# allow-picked-versions = false. So spell them the way buildout looks them up.
DOTTED = {"zc-buildout": "zc.buildout", "zc-recipe-egg": "zc.recipe.egg"}


def render(constraints):
    lines = [
        "# GENERATED from constraints.txt by scripts/buildout_versions.py",
        "# (make buildout-versions). Do not edit: change the lock with 'make lock'.",
        "[versions]",
    ]
    pins = {}
    for number, raw in enumerate(constraints.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        if match is None:
            raise SystemExit(f"{constraints}:{number}: not a 'name==version' pin: {raw!r}")
        name, version = match.groups()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in pins and pins[key] != version:
            raise SystemExit(f"{constraints}:{number}: {name} pinned twice")
        pins[key] = version
    lines.extend(f"{DOTTED.get(name, name)} = {version}" for name, version in sorted(pins.items()))
    return "\n".join(lines) + "\n", len(pins)


def main(argv):
    check = "--check" in argv
    args = [arg for arg in argv if arg != "--check"]
    constraints = Path(args[0] if args else "constraints.txt")
    target = Path(args[1] if len(args) > 1 else "versions.cfg")
    text, count = render(constraints)
    if check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(f"{target} does not match {constraints}: run 'make buildout-versions'")
            return 1
        print(f"{target} matches {constraints} ({count} pins)")
        return 0
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
        print(f"Wrote {target}: {count} pins from {constraints}")
    else:
        print(f"{target} is up to date: {count} pins from {constraints}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
