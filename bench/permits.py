"""Benchmark: issuing permits and verifying them.

Run it from the repository root (one process, not part of the tests):

    .venv/bin/python bench/permits.py                       # 50 approvals; 100 vs 20,000 permits
    .venv/bin/python bench/permits.py --approvals 20 --sizes 100 5000 --lookups 5000
    .venv/bin/python bench/permits.py --sign                # approvals with a PAdES signature

It builds a throwaway Plone site in memory (the plone.app.testing layers of
``ptsp_portal.testing``: our profile on a DemoStorage; nothing touches
``instance/``) with the office of the tests (tests/workflow/base.py), then:

1. **Approve.** Creates ``--approvals`` applications through the real intake
   and takes each through ``accept`` and ``recommend``; then, as the approver
   ``kadis``, times ``approve`` one by one: ``doActionFor`` (permit number,
   PDF with fpdf2 and segno, optional pyHanko signature with a self-signed
   certificate made here, the child File) plus the ``transaction.commit()``
   a request would do (catalog queue, blob).  Prints the median and p90.

2. **Verify.** The issued permits of step 1 are real; to reach the catalog
   sizes quickly the rest are *synthetic issued applications*: built directly
   (``createContent`` + ``_setObject`` without events, the applicant as owner;
   not through the intake, no documents, no mail), given ``permit_number``,
   ``issued_date``, ``valid_until`` and ``verification_code`` as attributes,
   put in ``issued`` with ``setStatusOf`` + role mappings, and catalogued once
   (all indexes and metadata), **without generating a PDF** (the lookup never
   reads it).  About 1% are ``revoked`` (with a ``revoke`` history entry, so
   those lookups load the object for the reason) and some are expired.  At
   each size it runs ``--lookups`` lookups of random known codes (plus 10%
   unknown codes) through ``documents.verification.verify`` and through the
   REST ``@verify`` service rendered in-process (rate limit lifted), warm (the
   object cache set to the instance default of 30,000 objects instead of the
   test layers' 400).  Each size lives in its own DemoStorage stacked on the
   previous one, so the sizes are measured side by side in alternating rounds,
   per second of this process's CPU time (other work on the machine then skews
   no size more than another).  It prints the median lookups per second and
   the ratio of the largest size to the smallest (target: >= 0.8).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]
sys.path.insert(0, ROOT)  # for tests.workflow.base

from bench._layers import COMMIT_EVERY  # noqa: E402
from bench._layers import DB_CACHE_SIZE  # noqa: E402
from bench._layers import install_mock_mailhost  # noqa: E402
from bench._layers import no_mail  # noqa: E402
from bench._layers import set_up_site  # noqa: E402
from bench._layers import tear_down  # noqa: E402

import argparse  # noqa: E402
import contextlib  # noqa: E402
import datetime  # noqa: E402
import logging  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

REVOKED_SHARE = 0.01
EXPIRED_SHARE = 0.05
FIRST_NAMES = ("Budi", "Siti", "Agus", "Dewi", "Rudi", "Sri", "Andi", "Nur", "Eko", "Rina")
LAST_NAMES = ("Santoso", "Aminah", "Wijaya", "Lestari", "Saputra", "Hidayat", "Kusuma", "Putri")


def set_up_office(portal):
    from tests.workflow.base import setup_office

    install_mock_mailhost(portal)
    setup_office(portal)
    portal["layanan"]["sip-dokter"].validity_years = 5


@contextlib.contextmanager
def signing_certificate():
    """Environment for a self-signed PKCS#12 certificate (tests' helper)."""
    from tests.documents.base import self_signed_p12

    with tempfile.TemporaryDirectory() as tmp:
        path, _certificate = self_signed_p12(tmp)
        old = {k: os.environ.get(k) for k in ("PTSP_SIGNING_P12", "PTSP_SIGNING_PASSPHRASE")}
        os.environ.update(PTSP_SIGNING_P12=path, PTSP_SIGNING_PASSPHRASE="sandi-uji")
        try:
            yield path
        finally:
            for key, value in old.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def applicant_data(rng, applicant):
    return {
        "applicant_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "applicant_nik": "3201010101900001",
        "applicant_email": f"{applicant}@example.org",
        "applicant_phone": "0812-3456-7890",
        "applicant_address": "Jl. Merdeka No. 1, Kabupaten Contoh",
        "form_data": {"lokasi": "Jl. Ahmad Yani km 3", "luas_bangunan": "120 m2"},
    }


def bench_approvals(portal, count, rng):
    """Median and p90 (ms) of approve + commit, and the issued codes."""
    from plone import api
    from plone.app.testing import login
    from plone.app.testing import TEST_USER_NAME
    from ptsp_portal.applications.intake import create_application

    import transaction

    wf = api.portal.get_tool("portal_workflow")
    permits = [portal["layanan"]["sip-dokter"], portal["layanan"]["reklame"]]
    applications = []
    with no_mail():
        for index in range(count):
            login(portal, TEST_USER_NAME)
            applicant = rng.choice(("budi", "siti"))
            application = create_application(permits[index % 2], applicant, applicant_data(rng, applicant))
            login(portal, "verifikator")
            wf.doActionFor(application, "accept")
            login(portal, "teknis")
            wf.doActionFor(application, "recommend", comment="Memenuhi syarat.")
            applications.append(application)
        transaction.commit()
    login(portal, "kadis")
    samples = []
    for application in applications:
        with no_mail():
            started = time.perf_counter()
            wf.doActionFor(application, "approve")
            transaction.commit()
            samples.append(time.perf_counter() - started)
        assert api.content.get_state(application) == "issued"
    sizes = [application["surat-izin.pdf"].file.getSize() for application in applications]
    samples.sort()
    return {
        "median": statistics.median(samples) * 1000,
        "p90": samples[int(0.9 * (len(samples) - 1))] * 1000,
        "min": samples[0] * 1000,
        "max": samples[-1] * 1000,
        "pdf_kb": statistics.median(sizes) / 1024,
        "codes": [application.verification_code for application in applications],
    }


class Synthetic:
    """Issued applications without a PDF (see the module docstring).

    Built directly rather than through the intake (which would take about
    0.1 s each with its events and notifications): the same fields, owner,
    workflow status, role mappings and one full catalog entry each.
    """

    def __init__(self, portal, rng):
        from plone import api
        from ptsp_portal.constants import APPLICATION_WORKFLOW as WORKFLOW_ID

        self.portal = portal
        self.rng = rng
        self.folder = portal["permohonan"]
        self.permits = [portal["layanan"][name].UID() for name in ("sip-dokter", "reklame")]
        self.owners = {
            user_id: api.portal.get_tool("acl_users").getUserById(user_id) for user_id in ("budi", "siti")
        }
        self.wftool = api.portal.get_tool("portal_workflow")
        self.workflow = self.wftool.getWorkflowById(WORKFLOW_ID)
        self.sequence = 0

    def make(self, today):
        from plone.dexterity.utils import createContent
        from ptsp_portal.applications.intake import application_id

        self.sequence += 1
        applicant = self.rng.choice(("budi", "siti"))
        number = f"SIN-{today.year}-{self.sequence:06d}"
        data = applicant_data(self.rng, applicant)
        application = createContent(
            "PermitApplication",
            id=application_id(number),
            tracking_number=number,
            permit_type=self.rng.choice(self.permits),
            **data,
        )
        self.folder._setObject(application.id, application, suppress_events=True)
        application = self.folder[application.id]
        application.submitted = datetime.datetime.now() - datetime.timedelta(days=30)
        owner = self.owners[applicant]
        application.changeOwnership(owner)
        application.manage_setLocalRoles(applicant, ["Owner"])
        application.setCreators([applicant])
        return application

    def issue(self, application, today):
        roll = self.rng.random()
        issued = today - datetime.timedelta(days=self.rng.randint(0, 1500))
        application.permit_number = f"503/S{self.sequence:06d}/SINTETIS/DPMPTSP/{issued.year}"
        application.issued_date = issued
        expired = REVOKED_SHARE <= roll < REVOKED_SHARE + EXPIRED_SHARE
        application.valid_until = (
            today - datetime.timedelta(days=1) if expired else issued + datetime.timedelta(days=5 * 365)
        )
        application.verification_code = secrets.token_urlsafe(18)
        self.status(application, "issued", "approve", "")
        if roll < REVOKED_SHARE:
            self.status(application, "revoked", "revoke", "Izin dicabut (data sintetis).")
        self.workflow.updateRoleMappingsFor(application)
        application.indexObject()
        return application.verification_code

    def status(self, application, state, action, comment):
        from DateTime import DateTime
        from ptsp_portal.constants import APPLICATION_WORKFLOW as WORKFLOW_ID

        self.wftool.setStatusOf(
            WORKFLOW_ID,
            application,
            {
                "action": action,
                "actor": "kadis",
                "comments": comment,
                "review_state": state,
                "time": DateTime(),
            },
        )

    def create(self, count):
        from plone.app.testing import login
        from plone.app.testing import TEST_USER_NAME
        from ptsp_portal.documents.issue import today

        import transaction

        login(self.portal, TEST_USER_NAME)
        day = today()
        codes = []
        started = time.perf_counter()
        done = 0
        while done < count:
            chunk = min(COMMIT_EVERY, count - done)
            with no_mail():
                for _ in range(chunk):
                    codes.append(self.issue(self.make(day), day))
                transaction.commit()
            self.portal._p_jar.cacheGC()
            done += chunk
            elapsed = time.perf_counter() - started
            print(f"  synthetic {done:>6,}/{count:,}  {elapsed:7.1f} s", flush=True)
        return codes


class Site:
    """One catalog size: its own connection (to its own stacked storage),
    site, request and codes."""

    def __init__(self, db, codes):
        from ptsp_portal.interfaces import IBrowserLayer
        from Testing.makerequest import makerequest
        from zope.interface import alsoProvides

        self.db = db
        self.connection = db.open()
        app = makerequest(self.connection.root()["Application"])
        self.portal = app["plone"]
        self.request = app.REQUEST
        alsoProvides(self.request, IBrowserLayer)
        self.codes = list(codes)
        self.statuses = {}

    def activate(self):
        from zope.component.hooks import setSite

        setSite(self.portal)

    def direct(self, code):
        from ptsp_portal.documents.verification import verify

        result = verify(code)
        status = result["status"] if result else "unknown"
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def rest(self, code):
        from plone.rest.negotiation import lookup_service_id
        from zope.component import getMultiAdapter

        request = self.request
        request.form.clear()
        request.form["code"] = code
        request.response.setStatus(200)
        name = lookup_service_id("GET", "application/json") + "@verify"
        body = getMultiAdapter((self.portal, request), name=name).render()
        assert '"status"' in body or '"NotFound"' in body, body

    def sample(self, rng, count):
        unknown = [secrets.token_urlsafe(18) for _ in range(max(1, count // 10))]
        sample = [rng.choice(self.codes) for _ in range(count - len(unknown))] + unknown
        rng.shuffle(sample)
        return sample


def measure(sites, count, rng, rounds=7):
    """Lookups per CPU second at each size, median of ``rounds`` rounds.

    The rounds alternate between the sizes (round 1 at every size, then
    round 2, ...), so a slower or busier moment of the machine hits all
    sizes alike; time is this process's CPU time (the lookups are CPU-bound
    on the in-memory storage).  One warm-up round of distinct codes first.
    """
    import transaction

    per_round = max(1, count // rounds)
    rates = {size: {"direct": [], "rest": []} for size in sites}
    for site in sites.values():  # warm-up
        site.activate()
        for code in rng.sample(site.codes, min(per_round, len(site.codes))):
            site.direct(code)
            site.rest(code)
        site.statuses.clear()
    for _round in range(rounds):
        for kind in ("direct", "rest"):
            for size, site in sites.items():
                site.activate()
                func = getattr(site, kind)
                sample = site.sample(rng, per_round)
                started = time.process_time()
                for code in sample:
                    func(code)
                rates[size][kind].append(len(sample) / (time.process_time() - started))
                transaction.abort()
    return {
        size: {
            "verify() lookups/s": statistics.median(values["direct"]),
            "@verify REST lookups/s": statistics.median(values["rest"]),
        }
        for size, values in rates.items()
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--approvals", type=int, default=50)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 20000])
    parser.add_argument("--lookups", type=int, default=14000, help="lookups per size and kind")
    parser.add_argument("--sign", action="store_true", help="sign the PDFs (self-signed certificate)")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes))
    if sizes[0] < args.approvals:
        parser.error("the smallest size must hold the real approvals")

    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("zope_i18n_compile_mo_files", "true")
    rng = random.Random(20261128)
    print("Setting up the site (plone.app.testing layers) ...", flush=True)
    layer, layers = set_up_site()
    sites = {}
    try:
        from plone import api
        from plone.testing.zodb import stackDemoStorage
        from ptsp_portal.security import ratelimit

        import transaction

        portal = layer["portal"]
        # the object cache of a real instance (instance.yaml db_cache_size),
        # not ZODB's default of 400 objects that the test layers keep
        layer["zodbDB"].setCacheSize(DB_CACHE_SIZE)
        set_up_office(portal)
        api.portal.set_registry_record("ptsp_portal.lookups_per_minute", 10**9)
        transaction.commit()
        ratelimit.reset()

        print(f"Approving {args.approvals} applications{' (signed)' if args.sign else ''} ...", flush=True)
        context = signing_certificate() if args.sign else contextlib.nullcontext()
        with context:
            approvals = bench_approvals(portal, args.approvals, rng)
        codes = list(approvals["codes"])

        # each size in its own DemoStorage stacked on the previous one, so
        # all sizes stay readable side by side for the measurement
        db, sequence = layer["zodbDB"], 0
        for size in sizes:
            print(f"Growing to {size:,} issued permits ({size - len(codes):,} synthetic) ...", flush=True)
            db = stackDemoStorage(db, name=f"permits-{size}")
            db.setCacheSize(DB_CACHE_SIZE)
            site = Site(db, codes)
            site.activate()
            synthetic = Synthetic(site.portal, rng)
            synthetic.sequence = sequence
            site.codes.extend(synthetic.create(size - len(codes)))
            sequence = synthetic.sequence
            codes = site.codes
            sites[size] = site
        print(f"Measuring {args.lookups:,} lookups per size, rounds alternating ...", flush=True)
        table = measure(sites, args.lookups, rng)
        statuses = {size: site.statuses for size, site in sites.items()}
        report(args, approvals, sizes, table, statuses)
    finally:
        from zope.component.hooks import setSite

        import transaction

        transaction.abort()
        for site in sites.values():
            site.connection.close()
            site.db.close()
        setSite(layer["portal"])
        tear_down(layers)


def report(args, approvals, sizes, table, statuses):
    print()
    signed = "signed (PAdES, pyHanko)" if args.sign else "unsigned"
    print(f"approve, PDF included ({signed}), {args.approvals} applications, doActionFor + commit:")
    print(
        f"  median {approvals['median']:.1f} ms   p90 {approvals['p90']:.1f} ms   "
        f"min {approvals['min']:.1f} ms   max {approvals['max']:.1f} ms   "
        f"PDF {approvals['pdf_kb']:.1f} KB"
    )
    print()
    first, last = sizes[0], sizes[-1]
    names = list(table[first])
    width = max(len(n) for n in names) + 2
    header = "".join(f"{f'N={s:,}':>12}" for s in sizes)
    print(f"{'issued permits in catalog':<{width}}{header}{'ratio':>10}")
    print("-" * (width + 12 * len(sizes) + 10))
    for name in names:
        cells = "".join(f"{table[s][name]:>12.0f}" for s in sizes)
        ratio = table[last][name] / table[first][name]
        flag = "" if ratio >= 0.8 else "  < 0.8x"
        print(f"{name:<{width}}{cells}{ratio:>9.2f}x{flag}")
    print()
    for size in sizes:
        mix = ", ".join(f"{k} {v:,}" for k, v in sorted(statuses[size].items()))
        print(f"N={size:,}: verify() outcomes: {mix}")


if __name__ == "__main__":
    main()
