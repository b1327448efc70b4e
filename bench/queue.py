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
- the same page with ``tugas=semua`` (every application in process), and
  with ``status=semua`` too (the whole history, closed files included: a
  cost that grows with the history, for reference),
- ``@queue`` (the REST service, rendered to JSON),
- the application detail page (``@@view`` of an application: the
  colleague's page if registered, else Dexterity's default view; the
  output names the view measured),
- a catalog lookup by tracking number (``catalog(tracking_number=...)``:
  the raw catalog call, for reference: ``searchResults`` adds the user's
  ``allowedRolesAndUsers``, a union of sets as large as the history),
- the queue's search by tracking number (``tugas=semua&q=<number>``: how an
  officer finds one; ``applications.queue.narrow``),
- as anonymous, with the rate limit lifted: ``@track?number=`` (REST) and
  ``@@lacak?nomor=`` (page) for a tracking number, ``@verify?code=`` (REST)
  and ``@@verifikasi/<code>`` (page) for the verification code of an issued
  permit, each cycling through the same ``SAMPLE`` numbers or codes at
  every size (warmed up once each),

and prints the medians side by side with the ratio of each larger site to
the smallest (flagged above ``--target``, default 1.2x), wall time and CPU
time of the thread (the fairer figure on a busy shared machine); with
``--profile``, a cProfile of each item at the larger sizes.  Timings are
warm (objects and catalog buckets in the ZODB cache, sized as in a rendered
instance: 30,000 objects).

State mixes (``--mix``): ``fixed`` (the default) spreads every size over
``STATE_MIX``, so the verifier's "my actions" set grows with N (2,465 rows
at 20,000): a harsher case than a real office.  ``office`` keeps about
``OPEN_WORK`` applications open whatever N (as many as ``fixed`` gives at
1,000) and puts the rest in the closed states in ``STATE_MIX``'s
proportions: an office whose history grows and whose open work does not.
Issued and revoked applications get a permit number, dates and a
verification code as ``documents.issue`` gives them (no PDF).

100,000 applications: ``--sizes 1000 100000 --mix office`` (and ``fixed``
in a second process if both are wanted: they build in parallel), about
3 GB of memory per 100,000 and 15-20 minutes of creation on an idle core
(the test layers' DemoStorage keeps everything in memory).
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
import base64  # noqa: E402
import datetime  # noqa: E402
import itertools  # noqa: E402
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
# --mix office: the open work of a real office stays about the same while its
# history grows: about OPEN_WORK applications in ACTIVE states whatever N
# (as many as STATE_MIX gives at N = 1,000), the rest closed in STATE_MIX's
# proportions.
OPEN_WORK = 340
MIXES = ("fixed", "office")
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
SAMPLE = 50  # tracking numbers and verification codes looked up in turn


def anonymous(run):
    run.anonymous = True
    return run


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

    def __init__(self, portal, folder, seed=20261102, intake_only=False, mix="fixed", size=1000):
        from plone import api
        from ptsp_portal.constants import APPLICATION_WORKFLOW as WORKFLOW_ID

        self.portal = portal
        self.folder = folder
        self.rng = random.Random(seed)
        self.intake_only = intake_only
        self.mix = mix
        self.size = size
        self.catalog = api.portal.get_tool("portal_catalog")
        self.acl_users = api.portal.get_tool("acl_users")
        self.permits = [
            brain._unrestrictedGetObject()
            for brain in self.catalog.unrestrictedSearchResults(portal_type="PermitType", sort_on="id")
        ]
        self.wftool = api.portal.get_tool("portal_workflow")
        self.workflow = self.wftool.getWorkflowById(WORKFLOW_ID)
        self.states, self.weights = zip(*STATE_MIX, strict=True)
        active_share = sum(w for st, w in STATE_MIX if st in ACTIVE)
        self.open_share = min(active_share, OPEN_WORK / size) if mix == "office" else active_share
        self.active = [(st, w) for st, w in STATE_MIX if st in ACTIVE]
        self.closed = [(st, w) for st, w in STATE_MIX if st not in ACTIVE]
        self.role_mappings = {}  # state -> {"_View_Permission": roles, ...}
        self.numbers = []
        self.codes = []  # verification codes of issued permits
        self.permit_seq = 0
        self.intake_made = 0

    def state(self):
        # the first applications (made by the whole intake, the detail page's
        # subject) in STATE_MIX whatever the mix: some of them wait for the
        # verifier at every N
        if self.mix == "fixed" or len(self.numbers) < INTAKE_FIRST:
            return self.rng.choices(self.states, self.weights)[0]
        pool = self.active if self.rng.random() < self.open_share else self.closed
        states, weights = zip(*pool, strict=True)
        return self.rng.choices(states, weights)[0]

    def issue(self, application, permit, state, when):
        """What ``documents.issue.issue_permit`` stores on an issued (or later
        revoked) permit, without the PDF: number, dates, verification code."""
        from ptsp_portal.documents.issue import add_years
        from ptsp_portal.documents.permit_number import DEFAULT_PATTERN
        from ptsp_portal.documents.permit_number import format_permit_number

        if state not in ("issued", "revoked"):
            return
        issued = (when + datetime.timedelta(days=self.rng.uniform(1, 15))).date()
        self.permit_seq += 1
        years = getattr(permit, "validity_years", None)
        application.permit_number = format_permit_number(
            DEFAULT_PATTERN, self.permit_seq, permit.code or "IZIN", issued.year
        )
        application.issued_date = issued
        application.valid_until = add_years(issued, years) if years else None
        # like secrets.token_urlsafe(CODE_BYTES), from the seeded generator
        code = base64.urlsafe_b64encode(self.rng.randbytes(18)).decode("ascii")
        application.verification_code = code
        self.codes.append(code)

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
            self.issue(application, permit, state, submitted)
            application.reindexObject()
        self.intake_made += 1
        return application

    def lean(self, permit, applicant, data, submitted, state):
        from plone.dexterity.utils import createContent
        from ptsp_portal.accounts.identity import normalize_phone
        from ptsp_portal.applications.intake import application_id
        from ptsp_portal.applications.intake import TRACKING_PREFIX_RECORD
        from ptsp_portal.applications.numbering import next_number
        from ptsp_portal.workflow.sla import start_clock

        # the number of intake.tracking_number, drawn in this transaction
        # rather than in one of its own (apart) for each application
        prefix = self.portal.portal_registry.get(TRACKING_PREFIX_RECORD) or "PTSP"
        year = datetime.date.today().year
        number = next_number("tracking", year, lambda seq: f"{prefix}-{year}-{seq:06d}")
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
        self.issue(application, permit, state, submitted)
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

    def __init__(self, request, portal, folder, numbers, codes):
        from plone import api
        from ptsp_portal.interfaces import IBrowserLayer
        from zope.component.hooks import setSite
        from zope.interface import alsoProvides

        self.portal = portal
        self.request = request
        alsoProvides(self.request, IBrowserLayer)
        self.folder = folder
        self.numbers = numbers
        self.codes = codes
        setSite(portal)
        # the public lookups are rate-limited per client: not what is measured
        api.portal.set_registry_record("ptsp_portal.lookups_per_minute", 10**9)

    def activate(self, anonymous=False):
        """Make this site the current one and log the verifier in (or out)."""
        from plone.app.testing import login
        from plone.app.testing import logout
        from zope.component.hooks import setSite

        setSite(self.portal)
        if anonymous:
            logout()
        else:
            login(self.portal, "verifikator")

    def sample(self, values, count=SAMPLE):
        """``count`` values spread over ``values``, the same count at every N
        (so that the objects read stay warm in the ZODB cache alike)."""
        step = max(1, len(values) // count)
        return values[::step][:count]

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
            "... semua status, history (reference)": self.page(tugas="semua", status="semua"),
            "@queue JSON (saya, 1st batch)": self.rest(),
            "application detail @@view": detail,
            "catalog lookup by tracking number": self.lookup(),
            "queue search by tracking number (q=)": self.search_number(),
            "@track JSON (anonymous)": anonymous(self.track_rest()),
            "tracking page @@lacak (anonymous)": anonymous(self.track_page()),
            "@verify JSON (anonymous)": anonymous(self.verify_rest()),
            "verification page @@verifikasi/<code> (anon.)": anonymous(self.verify_page()),
        }, label

    def service(self, name, **form):
        from plone.rest.negotiation import lookup_service_id
        from zope.component import getMultiAdapter

        request = self.fresh_request(**form)
        request.response.setStatus(200)
        return getMultiAdapter(
            (self.portal, request), name=lookup_service_id("GET", "application/json") + name
        )

    def track_rest(self):
        numbers = itertools.cycle(self.sample(self.numbers))

        def run():
            number = next(numbers)
            body = self.service("@track", number=number).render()
            assert f'"tracking_number": "{number}"' in body, body[:300]
            return body

        return run

    def track_page(self):
        numbers = itertools.cycle(self.sample(self.numbers))

        def run():
            number = next(numbers)
            self.fresh_request(nomor=number).response.setStatus(200)
            html = self.portal.restrictedTraverse("@@lacak")()
            assert number in html and self.request.response.getStatus() == 200
            return html

        return run

    def verify_rest(self):
        codes = itertools.cycle(self.sample(self.codes))

        def run():
            body = self.service("@verify", code=next(codes)).render()
            assert '"permit_number"' in body, body[:300]
            return body

        return run

    def verify_page(self):
        codes = itertools.cycle(self.sample(self.codes))

        def run():
            self.fresh_request().response.setStatus(200)
            view = self.portal.restrictedTraverse("@@verifikasi")
            view = view.publishTraverse(self.request, next(codes))
            html = view()
            assert view.outcome == "found", view.outcome
            return html

        return run

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

    def search_number(self):
        """How an officer finds an application by its number: the queue's
        search (``tugas=semua&q=<number>``), security included."""
        from ptsp_portal.applications import queue

        numbers = iter(self.numbers * 1000)

        def run():
            self.fresh_request()
            number = next(numbers)
            brains = queue.search(self.folder, {"tugas": "semua", "q": number})
            assert len(brains) == 1 and brains[0].tracking_number == number
            return brains[0].getURL()

        return run

    def sizes(self):
        """Result sizes on this site (for the output)."""
        from ptsp_portal.applications import queue

        self.activate()
        return {
            "mine": len(queue.search(self.folder, {"tugas": "saya"})),
            "all": len(queue.search(self.folder, {"tugas": "semua"})),
            "history": len(queue.search(self.folder, {"tugas": "semua", "status": "semua"})),
        }


def measure(sites, repeat, profile=False):
    """Median (wall ms, CPU ms) per measure and site.

    The sites (keyed ``(N, mix)``) are measured in turns (1k, 100k, 100k,
    1k, ...) so that the load of a shared machine weighs on every size
    alike.
    """
    keys = sorted(sites)
    runs, label = {}, None
    for key in keys:
        sites[key].activate()
        runs[key], label = sites[key].runs()
    names = list(runs[keys[0]])
    table = {key: {} for key in keys}
    for name in names:
        samples = {key: ([], []) for key in keys}
        for key in keys:  # warm-up (every sampled object once), and a check that it works
            run = runs[key][name]
            sites[key].activate(getattr(run, "anonymous", False))
            for _ in range(SAMPLE if getattr(run, "anonymous", False) else 1):
                run()
        for round_ in range(repeat):
            for key in keys if round_ % 2 == 0 else reversed(keys):
                run = runs[key][name]
                sites[key].activate(getattr(run, "anonymous", False))
                started, started_cpu = time.perf_counter(), time.thread_time()
                run()
                samples[key][1].append(time.thread_time() - started_cpu)
                samples[key][0].append(time.perf_counter() - started)
        for key in keys:
            wall, cpu = samples[key]
            table[key][name] = (statistics.median(wall) * 1000, statistics.median(cpu) * 1000)
    if profile:
        import cProfile
        import pstats

        for key in keys[1:]:
            for name, run in runs[key].items():
                sites[key].activate(getattr(run, "anonymous", False))
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(10):
                    run()
                profiler.disable()
                print(f"\n=== profile at {site_label(key)}, 10 calls: {name}")
                stats = pstats.Stats(profiler)
                stats.sort_stats("tottime").print_stats(12)
                stats.sort_stats("cumulative").print_stats(25)
    counts = {key: sites[key].sizes() for key in keys}
    return table, counts, label


def site_label(key):
    size, mix = key
    return f"N={size:,}" + ("" if mix == "fixed" else f" {mix}")


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
    parser.add_argument(
        "--profile", action="store_true", help="also print a cProfile of each measure at the larger sizes"
    )
    parser.add_argument(
        "--checkpoints",
        type=int,
        nargs="*",
        default=[10000, 20000, 50000],
        help="on the way to a larger size, also measure at these sizes (fewer rounds)",
    )
    parser.add_argument("--checkpoint-repeat", type=int, default=11, help="rounds at a checkpoint")
    parser.add_argument("--target", type=float, default=1.2, help="flag ratios above this (default 1.2)")
    parser.add_argument(
        "--cache-size",
        type=int,
        default=DB_CACHE_SIZE,
        help=f"ZODB object cache, in objects (default {DB_CACHE_SIZE:,}, a rendered instance's)",
    )
    parser.add_argument(
        "--mix",
        nargs="+",
        choices=MIXES,
        default=["fixed"],
        help="state mix of the larger sites: 'fixed' (STATE_MIX at every N: the open work grows with N) "
        "and/or 'office' (about OPEN_WORK open applications whatever N, the history grows); "
        "the smallest size is built once (both mixes are the same there)",
    )
    parser.add_argument(
        "--intake",
        action="store_true",
        help="make every application through create_application (slow: ~3x the lean path)",
    )
    args = parser.parse_args()
    sizes = sorted(set(args.sizes))
    keys = [(sizes[0], "fixed")] + [(size, mix) for size in sizes[1:] for mix in args.mix]

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
        app._p_jar.db().setCacheSize(args.cache_size)
        sites, creation = {}, {}
        for key in keys:
            size, mix = key
            if key == keys[-1]:
                portal = layer["portal"]
            else:
                print(f"Adding a site for {site_label(key)} ...", flush=True)
                portal = add_site(app, f"plone-{size}-{mix}")
            setSite(portal)
            login(portal, TEST_USER_NAME)
            folder = set_up_office(portal)
            transaction.commit()
            factory = Factory(portal, folder, intake_only=args.intake, mix=mix, size=size)
            print(f"Filling /{portal.getId()}/permohonan with {size:,} applications ({mix}) ...", flush=True)
            creation[key], made = 0, 0
            for checkpoint in [c for c in sorted(set(args.checkpoints)) if keys[0][0] < c < size] + [size]:
                creation[key] += factory.create(checkpoint - made)
                made = checkpoint
                if checkpoint < size and key != keys[0]:
                    # figures on the way, so that a long run says something early
                    transaction.commit()
                    partial = {keys[0]: sites[keys[0]], (checkpoint, mix): None}
                    partial[(checkpoint, mix)] = Measures(
                        request, portal, folder, list(factory.numbers), list(factory.codes)
                    )
                    print(f"Checkpoint at {checkpoint:,} ({args.checkpoint_repeat} rounds) ...", flush=True)
                    table, counts, detail_label = measure(partial, args.checkpoint_repeat)
                    report(
                        sorted(partial),
                        table,
                        counts,
                        {**creation, (checkpoint, mix): creation[key]},
                        detail_label,
                        args.target,
                    )
                    setSite(portal)
                    login(portal, TEST_USER_NAME)
            sites[key] = Measures(request, portal, folder, factory.numbers, factory.codes)
            transaction.commit()
            app._p_jar.cacheMinimize()
        print(f"Measuring ({args.repeat} rounds, sites in turns) ...", flush=True)
        table, counts, detail_label = measure(sites, args.repeat, profile=args.profile)
        report(keys, table, counts, creation, detail_label, args.target)
    finally:
        import transaction

        transaction.abort()
        tear_down(layers)


def report(keys, table, counts, creation, detail_label, target):
    first = keys[0]
    names = list(table[first])
    width = max(len(n) for n in names) + 2
    for column, title in ((0, "median wall time (ms)"), (1, "median CPU time of the thread (ms)")):
        print()
        header = "".join(f"{site_label(k):>16}" for k in keys)
        ratios = "".join(
            f"{'ratio ' + str(k[0] // 1000) + 'k' + ('' if k[1] == 'fixed' else ' ' + k[1]):>16}"
            for k in keys[1:]
        )
        print(f"{title:<{width}}{header}{ratios}")
        print("-" * (width + 16 * (2 * len(keys) - 1)))
        for name in names:
            cells = "".join(f"{table[k][name][column]:>16.2f}" for k in keys)
            flags = ""
            for k in keys[1:]:
                ratio = table[k][name][column] / table[first][name][column]
                flags += f"{ratio:>14.2f}x" + ("!" if ratio > target else " ")
            print(f"{name:<{width}}{cells}{flags}")
    print(f"(! : over the target of {target}x the smallest size)")
    print()
    for key in keys:
        print(
            f"{site_label(key)}: verifier's 'saya' queue {counts[key]['mine']:,} rows, "
            f"'semua' {counts[key]['all']:,} rows in process, {counts[key]['history']:,} "
            f"with every status; created in {creation[key]:.0f} s "
            f"({key[0] / creation[key] if creation[key] else 0:.0f}/s)"
        )
    print(f"detail view measured: {detail_label}")
    try:
        load = os.getloadavg()
        print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs")
    except OSError:
        pass


if __name__ == "__main__":
    main()
