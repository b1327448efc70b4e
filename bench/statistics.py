"""Benchmark: the public statistics at 1,000 and 100,000 applications.

Run it from the repository root (one process, not part of the tests):

    nice -n 10 .venv/bin/python -m bench.statistics                 # N = 1,000 and 100,000
    .venv/bin/python -m bench.statistics --sizes 1000 20000 --repeat 21

Sites are built as ``bench/queue.py`` builds them (its ``Factory``: the first
50 applications through the whole intake, the rest through the lean path,
spread over all states by its ``STATE_MIX`` and over two years), with one
addition: every application in a final state carries what a decision
records (``statistics/recording.py``: decided 1–30 days after submission,
the working days, within the service days or not), so that the index
``ptsp_statistics`` holds what a real office's would.

Measured anonymously, sites in turns, ``--repeat`` rounds after a warm-up:

- ``@@statistik`` (the page, this year, all permit types) and
  ``@statistics`` (the REST service rendered to JSON), each **uncached**
  (the RAM cache emptied before every call: what the first visitor after
  any change of the catalog pays) and **cached** (the figures kept for the
  catalog counter and the day),
- ``@@statistik`` for last year and one permit type, uncached.

Prints the medians side by side with the ratio of the largest size to the
smallest (target: <= 1.5x).
"""

from bench._layers import install_mock_mailhost  # noqa: F401  (bench.queue uses it)
from bench.queue import add_site
from bench.queue import Factory
from bench.queue import set_up_office
from bench.queue import tear_down

import argparse
import datetime
import logging
import os
import statistics
import time

FINAL = {"issued": "issued", "rejected": "rejected", "withdrawn": "withdrawn", "revoked": "issued"}


class StatisticsFactory(Factory):
    """``Factory`` whose decided applications carry their decision."""

    def __init__(self, *args, **kwargs):
        from ptsp_portal.working_days import WorkingCalendar

        super().__init__(*args, **kwargs)
        self.calendar = WorkingCalendar()

    def set_state(self, application, state):
        from ptsp_portal.statistics import recording

        super().set_state(application, state)
        outcome = FINAL.get(state)
        if outcome is None:
            return
        now = datetime.datetime.now()
        decided = min(application.submitted + datetime.timedelta(days=self.rng.randint(1, 30)), now)
        recording.record(application, outcome, decided, (), self.calendar)

    def intake(self, permit, applicant, data, submitted, state):
        from ptsp_portal.statistics.keys import INDEX

        application = super().intake(permit, applicant, data, submitted, state)
        application.reindexObject(idxs=[INDEX])
        return application


class Measures:
    def __init__(self, request, portal):
        from ptsp_portal.interfaces import IBrowserLayer
        from zope.interface import alsoProvides

        self.portal = portal
        self.request = request
        alsoProvides(self.request, IBrowserLayer)

    def activate(self):
        from plone.app.testing import logout
        from zope.component.hooks import setSite

        setSite(self.portal)
        logout()

    def fresh_request(self, **form):
        request = self.request
        request.form.clear()
        request.form.update(form)
        request.__dict__.pop("__annotations__", None)
        return request

    @staticmethod
    def empty_cache():
        from ptsp_portal.statistics import figures

        figures.forget()

    def page(self, cached, **form):
        def run():
            if not cached:
                self.empty_cache()
            self.fresh_request(**form)
            html = self.portal.restrictedTraverse("@@statistik")()
            assert "ptsp-statistics-table" in html, html[:2000]
            return html

        return run

    def rest(self, cached):
        from plone.rest.negotiation import lookup_service_id
        from zope.component import getMultiAdapter

        def run():
            if not cached:
                self.empty_cache()
            request = self.fresh_request()
            name = lookup_service_id("GET", "application/json") + "@statistics"
            body = getMultiAdapter((self.portal, request), name=name).render()
            assert '"permit_types"' in body, body[:2000]
            return body

        return run

    def runs(self):
        last_year = str(datetime.date.today().year - 1)
        return {
            "@@statistik (uncached)": self.page(False),
            "@statistics JSON (uncached)": self.rest(False),
            "@@statistik (cached)": self.page(True),
            "@statistics JSON (cached)": self.rest(True),
            "@@statistik last year, one type (uncached)": self.page(False, year=last_year, permit_type="pbg"),
        }


def measure(sites, repeat):
    sizes = sorted(sites)
    runs = {}
    for size in sizes:
        sites[size].activate()
        runs[size] = sites[size].runs()
    table = {size: {} for size in sizes}
    for name in runs[sizes[0]]:
        samples = {size: [] for size in sizes}
        for size in sizes:
            sites[size].activate()
            runs[size][name]()
        for round_ in range(repeat):
            for size in sizes if round_ % 2 == 0 else reversed(sizes):
                sites[size].activate()
                started = time.perf_counter()
                runs[size][name]()
                samples[size].append(time.perf_counter() - started)
        for size in sizes:
            table[size][name] = statistics.median(samples[size]) * 1000
    return table


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--repeat", type=int, default=21, help="timed calls per measure and size (median)")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes))

    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("zope_i18n_compile_mo_files", "true")
    print("Setting up the site (plone.app.testing layers) ...", flush=True)
    from bench._layers import DB_CACHE_SIZE
    from bench._layers import set_up_site

    layer, layers = set_up_site()
    try:
        from plone.app.testing import login
        from plone.app.testing import TEST_USER_NAME
        from zope.component.hooks import setSite

        import transaction

        app, request = layer["app"], layer["request"]
        app._p_jar.db().setCacheSize(DB_CACHE_SIZE)
        sites, creation, keys = {}, {}, {}
        for size in sizes:
            portal = layer["portal"] if size == sizes[-1] else add_site(app, f"plone-{size}")
            setSite(portal)
            login(portal, TEST_USER_NAME)
            folder = set_up_office(portal)
            transaction.commit()
            factory = StatisticsFactory(portal, folder)
            print(f"Filling /{portal.getId()}/permohonan with {size:,} applications ...", flush=True)
            creation[size] = factory.create(size)
            index = portal.portal_catalog._catalog.getIndex("ptsp_statistics")
            keys[size] = len(index._index)
            sites[size] = Measures(request, portal)
        app._p_jar.cacheMinimize()
        print(f"Measuring ({args.repeat} rounds, sites in turns) ...", flush=True)
        table = measure(sites, args.repeat)
        report(sizes, table, creation, keys)
    finally:
        import transaction

        transaction.abort()
        tear_down(layers)


def report(sizes, table, creation, keys):
    first, last = sizes[0], sizes[-1]
    names = list(table[first])
    width = max(len(n) for n in names) + 2
    ratio_title = f"{last // 1000}k/{first // 1000}k" if first >= 1000 else "last/first"
    print()
    header = "".join(f"{f'N={s:,}':>12}" for s in sizes)
    print(f"{'median wall time (ms)':<{width}}{header}{ratio_title:>10}")
    print("-" * (width + 12 * len(sizes) + 10))
    for name in names:
        cells = "".join(f"{table[s][name]:>12.2f}" for s in sizes)
        ratio = table[last][name] / table[first][name]
        flag = "" if ratio <= 1.5 else "  > 1.5x"
        print(f"{name:<{width}}{cells}{ratio:>9.2f}x{flag}")
    print()
    for size in sizes:
        print(
            f"N={size:,}: {keys[size]:,} distinct statistics keys; created in {creation[size]:.0f} s "
            f"({size / creation[size] if creation[size] else 0:.0f}/s)"
        )
    try:
        load = os.getloadavg()
        print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs")
    except OSError:
        pass


if __name__ == "__main__":
    main()
