"""Repository tools for the demo site that ``make start`` serves: the mail
catcher and its web inbox (``catcher.py``, ``inbox.py``), the files ``make
site`` leaves for ``make start`` (``state.py``) and the last step of
``make start`` (``start.py``).  Not part of the add-on: a site for a real
office never uses them."""
