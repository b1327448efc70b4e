"""The test suite. The access log (``ptsp_portal.audit``) of every served
test site goes to a temporary file, never to a CLIENTHOME on this machine;
tests of the log point it at their own file."""

import atexit
import os
import shutil
import tempfile

if not os.environ.get("PTSP_ACCESS_LOG"):
    _log_directory = tempfile.mkdtemp(prefix="ptsp-access-log-")
    atexit.register(shutil.rmtree, _log_directory, ignore_errors=True)
    os.environ["PTSP_ACCESS_LOG"] = os.path.join(_log_directory, "access.sqlite")
