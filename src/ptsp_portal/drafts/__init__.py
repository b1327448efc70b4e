"""Saved drafts of applications: a citizen's unfinished permit form.

``store``: where drafts live (a private storage per account, outside the
content tree) and their expiry; ``answers``: the answers and documents of a
draft, in and out (``@apply``, the web form); ``saving``: saving, resuming
and submitting a draft, the one code path of the web form and ``@apply``.
"""
