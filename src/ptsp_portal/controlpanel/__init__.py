"""Office settings kept in the registry, edited in Site Setup and over REST.

- ``settings.py``: the schema ``IPtspSettings`` (records ``ptsp_portal.*``).
- ``view.py``: the form ``@@ptsp-settings`` with the signing status.
- ``rest.py``: the same panel as ``@controlpanels/ptsp-settings``.

``ptsp_portal.controlpanel.IPtspSettings`` is the interface name stored in
every site's registry: it must stay importable from here.
"""

from ptsp_portal.controlpanel.settings import IPtspSettings

__all__ = ["IPtspSettings"]
