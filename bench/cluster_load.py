"""Concurrent GET load on one URL: requests per second and status counts.

    .venv/bin/python -m bench.cluster_load URL [--threads 8] [--requests 200]

Used for the cluster's figures (issue 14): the permit page through HAProxy
(two instances), straight to one instance, and through Varnish (hits).
"""

from concurrent.futures import ThreadPoolExecutor

import argparse
import collections
import requests
import threading
import time

_local = threading.local()


def fetch(url):
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    try:
        response = session.get(url, timeout=60)
        return response.status_code, response.headers.get("X-Cache", "-")
    except requests.RequestException as exc:
        return type(exc).__name__, "-"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    fetch(args.url)  # warm
    start = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as pool:
        results = list(pool.map(fetch, [args.url] * args.requests))
    elapsed = time.perf_counter() - start
    counts = collections.Counter(results)
    print(
        f"{args.url}: {args.requests} requests, {args.threads} threads, {elapsed:.1f} s, "
        f"{args.requests / elapsed:.1f} req/s; {dict(counts)}"
    )


if __name__ == "__main__":
    main()
