"""Reading the batch start of a listing page from its request."""


def batch_start(request):
    """``b_start`` as a non-negative number; 0 when missing or not a number
    (a hand-edited address gives the first page, not an error)."""
    try:
        return max(int(request.form.get("b_start", 0)), 0)
    except (TypeError, ValueError):
        return 0
