"""Phone-first permit forms (issue 16 §5): the upload widget of a
requirement (its label names the file input; ``accept``, ``capture`` and a
size/type hint from the requirement row) and the error summary at the top of
a form that failed (GOV.UK's error summary pattern)."""
