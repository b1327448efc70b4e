"""Benchmark: the officer work queue at growing numbers of applications.

Run it from the repository root (one process, not part of the tests):

    .venv/bin/python bench/queue.py                          # N = 1,000 and 20,000
    .venv/bin/python bench/queue.py --sizes 1000 5000 --repeat 51
    .venv/bin/python bench/queue.py --profile                # + cProfile at the largest N

About 10 minutes for the default sizes on a 2-CPU machine (creating the
applications takes most of it).

It builds throwaway Plone sites in memory with the plone.app.testing layers
of ``ptsp_portal.testing`` (our profile on a DemoStorage; ``instance/`` is
not touched): one site per size, each with the office of the tests (groups,
officers, citizens, permit types from tests/workflow/base.py) plus two more
permit types, and ``/permohonan`` filled with N real, catalogued
PermitApplications (see ``Factory``: the first 50 through
``ptsp_portal.applications.intake.create_application``, the rest through a lean path
that stores and catalogues the same thing without the event machinery),
spread over all workflow states by ``STATE_MIX``, committed every 1,000.

Then, as the verifier ``verifikator``, it times the sites in turns (so a
busy shared machine weighs on every size alike), one warm-up call and
``--repeat`` rounds each:

- the queue page ``@@antrian`` (first batch, default filter "my actions"),
- the same page with ``tugas=semua`` (every application, for reference),
- ``@queue`` (the REST service, rendered to JSON),
- the application detail page (``@@view`` of an application: the
  colleague's page if registered, else Dexterity's default view; the
  output names the view measured),
- a catalog lookup by tracking number (``catalog(tracking_number=...)``),

and prints the medians side by side with the ratio of the largest size to
the smallest (target: <= 1.5x), wall time and CPU time of the thread.
Timings are warm (objects and catalog buckets in the ZODB cache, sized as in
a rendered instance: 30,000 objects).  The state mix is fixed, so the
verifier's "my actions" set grows with N (2,465 rows at 20,000): a harsher
case than a real office, whose open work stays roughly constant while its
history grows.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# This file is called queue.py: never let it shadow the standard library's
# ``queue`` module (imported by threading code below).
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]
sys.path.insert(0, ROOT)  # for tests.workflow.base

from bench._layers import COMMIT_EVERY  # noqa: E402
from bench._layers import DB_CACHE_SIZE  # noqa: E402
from bench._layers import install_mock_mailhost  # noqa: E402
from bench._layers import no_mail  # noqa: E402
from bench._layers import set_up_site  # noqa: E402
from bench._layers import tear_down  # noqa: E402

import argparse  # noqa: E402
import datetime  # noqa: E402
import logging  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

STATE_MIX = (  # (state, share) of the applications created
    ("submitted", 0.12),
    ("technical_review", 0.12),
    ("pending_approval", 0.06),
    ("revision", 0.04),
    ("issued", 0.55),
    ("rejected", 0.05),
    ("withdrawn", 0.05),
    ("revoked", 0.01),
)
ACTIVE = ("submitted", "technical_review", "pending_approval", "revision")
FIRST_NAMES = (
    "Budi",
    "Siti",
    "Agus",
    "Dewi",
    "Rudi",
    "Sri",
    "Andi",
    "Nur",
    "Eko",
    "Rina",
    "Hendra",
    "Wati",
    "Joko",
    "Lestari",
    "Bambang",
    "Ayu",
    "Dedi",
    "Fitri",
    "Yusuf",
    "Indah",
)
LAST_NAMES = (
    "Santoso",
    "Aminah",
    "Wijaya",
    "Lestari",
    "Saputra",
    "Hidayat",
    "Kusuma",
    "Rahmawati",
    "Pratama",
    "Nugroho",
    "Siregar",
    "Harahap",
    "Simanjuntak",
    "Wibowo",
    "Susanto",
    "Putri",
)
EXTRA_PERMITS = (("PBG", "Persetujuan Bangunan Gedung", 14), ("SIUP", "Izin Usaha Perdagangan", 3))
INTAKE_FIRST = 50  # made by create_application; the rest by the lean path


def set_up_office(portal):
    from plone import api
    from tests.workflow.base import setup_office

    install_mock_mailhost(portal)
    folder = setup_office(portal)
    for code, title, days in EXTRA_PERMITS:
        permit = api.content.create(
            container=portal["layanan"],
            type="PermitType",
            id=code.lower(),
            title=title,
            code=code,
            sector="perdagangan",
            service_days=days,
        )
        api.content.transition(permit, to_state="published")
    return folder


class Factory:
    """Makes applications: the first ``INTAKE_FIRST`` through
    ``create_application`` (the whole intake: events, intid, relations,
    workflow, owner, SLA clock, catalog), the rest through a lean path that
    produces the same stored and catalogued application without the event
    machinery: ``createContent`` + ``_setObject(suppress_events=True)``,
    the owner as ``set_owner`` leaves it, ``start_clock``, the workflow
    state with the role mappings of that state (copied from the first
    application in the state, which got ``updateRoleMappingsFor``), and one
    full ``indexObject``.  Not done on the lean path: mail.
    """

    def __init__(self, portal, folder, seed=20261102, intake_only=False):
        from plone import api
        from ptsp_portal.constants import APPLICATION_WORKFLOW as WORKFLOW_ID

        self.portal = portal
        self.folder = folder
        self.rng = random.Random(seed)
        self.intake_only = intake_only
        self.catalog = api.portal.get_tool("portal_catalog")
        self.acl_users = api.portal.get_tool("acl_users")
        self.permits = [
            brain._unrestrictedGetObject()
            for brain in self.catalog.unrestrictedSearchResults(portal_type="PermitType", sort_on="id")
        ]
        self.wftool = api.portal.get_tool("portal_workflow")
        self.workflow = self.wftool.getWorkflowById(WORKFLOW_ID)
        self.states, self.weights = zip(*STATE_MIX, strict=True)
        self.role_mappings = {}  # state -> {"_View_Permission": roles, ...}
        self.numbers = []
        self.intake_made = 0

    def state(self):
        return self.rng.choices(self.states, self.weights)[0]

    def set_state(self, application, state):
        from DateTime import DateTime
        from ptsp_portal.constants import APPLICATION_WORKFLOW as WORKFLOW_ID

        self.wftool.setStatusOf(
            WORKFLOW_ID,
            application,
            {"action": None, "actor": "admin", "comments": "", "review_state": state, "time": DateTime()},
        )
        mappings = self.role_mappings.get(state)
        if mappings is None:
            self.workflow.updateRoleMappingsFor(application)
            mappings = self.role_mappings[state] = {
                name: value for name, value in application.__dict__.items() if name.endswith("_Permission")
            }
        else:
            for name, value in mappings.items():
                setattr(application, name, value)

    def intake(self, permit, applicant, data, submitted, state):
        from ptsp_portal.applications.intake import create_application

        application = create_application(permit, applicant, data, submitted=submitted)
        if state != "submitted":
            self.set_state(application, state)
            application.reindexObject(idxs=["review_state", "allowedRolesAndUsers", "ptsp_actors"])
        self.intake_made += 1
        return application

    def lean(self, permit, applicant, data, submitted, state):
        from plone.dexterity.utils import createContent
        from ptsp_portal.accounts.identity import normalize_phone
        from ptsp_portal.applications.intake import application_id
        from ptsp_portal.applications.intake import tracking_number
        from ptsp_portal.workflow.sla import start_clock

        number = tracking_number()
        application = createContent(
            "PermitApplication",
            id=application_id(number),
            tracking_number=number,
            permit_type=permit.UID(),
            applicant_name=data["applicant_name"],
            applicant_nik=data["applicant_nik"],
            applicant_email=data["applicant_email"],
            applicant_phone=normalize_phone(data["applicant_phone"]),
            applicant_address=data["applicant_address"],
            form_data={},
        )
        self.folder._setObject(application.id, application, suppress_events=True)
        application = self.folder._getOb(application.id)
        application.changeOwnership(self.acl_users.getUserById(applicant).__of__(self.acl_users))
        application.__ac_local_roles__ = {applicant: ["Owner"]}
        application.setCreators([applicant])
        start_clock(application, submitted)
        self.set_state(application, state)
        application.indexObject()
        return application

    def create(self, count, progress=True):
        import transaction

        now = datetime.datetime.now().replace(microsecond=0)
        started = time.perf_counter()
        done = 0
        while done < count:
            chunk = min(COMMIT_EVERY, count - done)
            with no_mail():
                for _ in range(chunk):
                    state = self.state()
                    days_ago = self.rng.uniform(0, 25) if state in ACTIVE else self.rng.uniform(20, 720)
                    applicant = self.rng.choice(("budi", "siti"))
                    data = {
                        "applicant_name": f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                        "applicant_nik": "3201010101900001",
                        "applicant_email": f"{applicant}@example.org",
                        "applicant_phone": "0812-3456-7890",
                        "applicant_address": "Jl. Merdeka No. 1, Kabupaten Contoh",
                    }
                    make = self.intake if self.intake_only or self.intake_made < INTAKE_FIRST else self.lean
                    application = make(
                        self.rng.choice(self.permits),
                        applicant,
                        data,
                        now - datetime.timedelta(days=days_ago),
                        state,
                    )
                    self.numbers.append(application.tracking_number)
                transaction.commit()
            self.portal._p_jar.cacheGC()
            self.portal.MailHost.reset()
            done += chunk
            if progress:
                elapsed = time.perf_counter() - started
                print(
                    f"  created {done:>6,}/{count:,}  {elapsed:7.1f} s  ({done / elapsed:5.1f}/s)", flush=True
                )
        return time.perf_counter() - started


class Measures:
    """The timed calls on one site, as the verifier ``verifikator``."""

    def __init__(self, request, portal, folder, numbers):
        from ptsp_portal.interfaces import IBrowserLayer
        from zope.interface import alsoProvides

        self.portal = portal
        self.request = request
        alsoProvides(self.request, IBrowserLayer)
        self.folder = folder
        self.numbers = numbers

    def activate(self):
        """Make this site the current one and log the verifier in."""
        from plone.app.testing import login
        from zope.component.hooks import setSite

        setSite(self.portal)
        login(self.portal, "verifikator")

    def fresh_request(self, **form):
        request = self.request
        request.form.clear()
        request.form.update(form)
        for name in ("b_start", "b_size"):
            request.other.pop(name, None)
        request.__dict__.pop("__annotations__", None)  # plone.memoize's per-request caches
        return request

    def runs(self):
        detail, label = self.detail()
        return {
            "queue page @@antrian (saya, 1st batch)": self.page(),
            "queue page @@antrian (semua, 1st batch)": self.page(tugas="semua"),
            "@queue JSON (saya, 1st batch)": self.rest(),
            "application detail @@view": detail,
            "catalog lookup by tracking number": self.lookup(),
        }, label

    def page(self, **form):
        def run():
            self.fresh_request(**form)
            html = self.folder.restrictedTraverse("@@antrian")()
            assert "ptsp-queue" in html
            return html

        return run

    def rest(self):
        from plone.rest.negotiation import lookup_service_id
        from zope.component import getMultiAdapter

        def run():
            request = self.fresh_request()
            name = lookup_service_id("GET", "application/json") + "@queue"
            body = getMultiAdapter((self.folder, request), name=name).render()
            assert '"items_total"' in body
            return body

        return run

    def detail(self):
        """The application page and the name of the view class measured."""
        from plone import api
        from zope.component import queryMultiAdapter

        self.activate()
        catalog = api.portal.get_tool("portal_catalog")
        # one made by the whole intake, waiting for this verifier
        brain = catalog(tracking_number=self.numbers[:INTAKE_FIRST], review_state="submitted")[0]
        application = brain.getObject()
        view = queryMultiAdapter((application, self.fresh_request()), name="view")
        label = f"{type(view).__module__}.{type(view).__name__}" if view is not None else None

        def run():
            self.fresh_request()
            html = application.restrictedTraverse("@@view")()
            assert application.tracking_number in html
            return html

        return run, label

    def lookup(self):
        from plone import api

        catalog = api.portal.get_tool("portal_catalog")
        numbers = iter(self.numbers * 1000)

        def run():
            number = next(numbers)
            brains = catalog(tracking_number=number)
            assert len(brains) == 1
            return brains[0].getURL()

        return run

    def sizes(self):
        """Result sizes on this site (for the output)."""
        from ptsp_portal.applications import queue

        self.activate()
        return {
            "mine": len(queue.search(self.folder, {"tugas": "saya"})),
            "all": len(queue.search(self.folder, {"tugas": "semua"})),
        }


def measure(sites, repeat, profile=False):
    """Median (wall ms, CPU ms) per measure and size.

    The sites are measured in turns (1k, 20k, 20k, 1k, ...) so that the
    load of a shared machine weighs on every size alike.
    """
    sizes = sorted(sites)
    runs, label = {}, None
    for size in sizes:
        sites[size].activate()
        runs[size], label = sites[size].runs()
    names = list(runs[sizes[0]])
    table = {size: {} for size in sizes}
    for name in names:
        samples = {size: ([], []) for size in sizes}
        for size in sizes:  # warm-up, and a check that it works
            sites[size].activate()
            runs[size][name]()
        for round_ in range(repeat):
            for size in sizes if round_ % 2 == 0 else reversed(sizes):
                sites[size].activate()
                run = runs[size][name]
                started, started_cpu = time.perf_counter(), time.thread_time()
                run()
                samples[size][1].append(time.thread_time() - started_cpu)
                samples[size][0].append(time.perf_counter() - started)
        for size in sizes:
            wall, cpu = samples[size]
            table[size][name] = (statistics.median(wall) * 1000, statistics.median(cpu) * 1000)
    if profile:
        import cProfile
        import pstats

        largest = sizes[-1]
        sites[largest].activate()
        for name, run in runs[largest].items():
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                run()
            profiler.disable()
            print(f"\n=== profile at N={largest:,}, 5 calls: {name}")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    counts = {size: sites[size].sizes() for size in sizes}
    return table, counts, label


def add_site(app, site_id):
    """A second Plone site like plone.app.testing's, with our profile."""
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import TEST_USER_ID
    from plone.app.testing import TEST_USER_NAME
    from plone.app.testing import TEST_USER_PASSWORD
    from plone.app.testing import TEST_USER_ROLES
    from plone.testing import zope as zope_testing
    from Products.CMFPlone.factory import addPloneSite

    zope_testing.login(app["acl_users"], SITE_OWNER_NAME)
    addPloneSite(
        app,
        site_id,
        title=f"Benchmark {site_id}",
        default_language="en",
        extension_ids=(
            "plone.app.contenttypes:default",
            "plonetheme.barceloneta:default",
            "ptsp_portal:default",
        ),
    )
    site = app[site_id]
    site["portal_workflow"].setDefaultChain("")
    pas = site["acl_users"]
    pas.source_users.addUser(TEST_USER_ID, TEST_USER_NAME, TEST_USER_PASSWORD)
    for role in TEST_USER_ROLES:
        pas.portal_role_manager.doAssignRoleToPrincipal(TEST_USER_ID, role)
    zope_testing.logout()
    return site


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--repeat", type=int, default=31, help="timed calls per measure and size (median)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of each measure")
    parser.add_argument(
        "--intake",
        action="store_true",
        help="make every application through create_application (slow: ~3x the lean path)",
    )
    args = parser.parse_args()
    sizes = sorted(set(args.sizes))

    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("zope_i18n_compile_mo_files", "true")
    print("Setting up the site (plone.app.testing layers) ...", flush=True)
    layer, layers = set_up_site()
    try:
        from plone.app.testing import login
        from plone.app.testing import TEST_USER_NAME
        from zope.component.hooks import setSite

        import transaction

        app, request = layer["app"], layer["request"]
        # the object cache of a rendered instance (instance.yaml db_cache_size),
        # not ZODB's default of 400 objects that the test layers keep
        app._p_jar.db().setCacheSize(DB_CACHE_SIZE)
        sites, creation = {}, {}
        for size in sizes:
            if size == sizes[-1]:
                portal = layer["portal"]
            else:
                print(f"Adding a site for N = {size:,} ...", flush=True)
                portal = add_site(app, f"plone-{size}")
            setSite(portal)
            login(portal, TEST_USER_NAME)
            folder = set_up_office(portal)
            transaction.commit()
            factory = Factory(portal, folder, intake_only=args.intake)
            print(f"Filling /{portal.getId()}/permohonan with {size:,} applications ...", flush=True)
            creation[size] = factory.create(size)
            sites[size] = Measures(request, portal, folder, factory.numbers)
        app._p_jar.cacheMinimize()
        print(f"Measuring ({args.repeat} rounds, sites in turns) ...", flush=True)
        table, counts, detail_label = measure(sites, args.repeat, profile=args.profile)
        report(sizes, table, counts, creation, detail_label)
    finally:
        import transaction

        transaction.abort()
        tear_down(layers)


def report(sizes, table, counts, creation, detail_label):
    first, last = sizes[0], sizes[-1]
    names = list(table[first])
    width = max(len(n) for n in names) + 2
    ratio_title = f"{last // 1000}k/{first // 1000}k" if first >= 1000 else "last/first"
    for column, title in ((0, "median wall time (ms)"), (1, "median CPU time of the thread (ms)")):
        print()
        header = "".join(f"{f'N={s:,}':>12}" for s in sizes)
        print(f"{title:<{width}}{header}{ratio_title:>10}")
        print("-" * (width + 12 * len(sizes) + 10))
        for name in names:
            cells = "".join(f"{table[s][name][column]:>12.2f}" for s in sizes)
            ratio = table[last][name][column] / table[first][name][column]
            flag = "" if ratio <= 1.5 else "  > 1.5x"
            print(f"{name:<{width}}{cells}{ratio:>9.2f}x{flag}")
    print()
    for size in sizes:
        print(
            f"N={size:,}: verifier's 'saya' queue {counts[size]['mine']:,} rows, "
            f"'semua' {counts[size]['all']:,} rows; created in {creation[size]:.0f} s "
            f"({size / creation[size] if creation[size] else 0:.0f}/s)"
        )
    print(f"detail view measured: {detail_label}")
    try:
        load = os.getloadavg()
        print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs")
    except OSError:
        pass


if __name__ == "__main__":
    main()
