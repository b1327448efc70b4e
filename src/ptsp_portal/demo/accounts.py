"""One ready account per role of the demo, each in its group.

Their passwords are random and never stored in clear in the site: the
distribution creates the accounts with throw-away passwords, and whoever
creates the site (``make site``, see ``scripts/sitesetup.py``) sets new ones
with ``new_passwords`` and keeps them outside the database
(``instance/var/demo-accounts.txt``, mode 0600), for ``make start`` to print.

An account whose group the site does not have is not made, so a branch that
adds a group (complaints, counter, cashier) adds its row here and the demo
gets its account once both are merged.
"""

from dataclasses import dataclass
from plone import api
from ptsp_portal import _

import secrets


@dataclass(frozen=True)
class DemoAccount:
    login: str  # also the user id
    fullname: str
    email: str
    group: str | None  # None: a citizen, no group
    role: str  # "peran", as make start prints it and @@coba-portal shows it


CITIZEN = DemoAccount(
    "warga-contoh",
    "Budi Santoso",
    "warga.contoh@example.org",
    None,
    _("Warga (pemohon)"),
)
VERIFIER = DemoAccount(
    "verifikator-contoh",
    "Vera Verifikator",
    "verifikator.contoh@example.org",
    "ptsp-verifiers",
    _("Verifikator"),
)
REVIEWER = DemoAccount(
    "peninjau-contoh",
    "Tono Peninjau",
    "peninjau.contoh@example.org",
    "ptsp-reviewers",
    _("Peninjau teknis"),
)
APPROVER = DemoAccount(
    "penyetuju-contoh",
    "Kartika Kepala Dinas",
    "penyetuju.contoh@example.org",
    "ptsp-approvers",
    _("Penyetuju"),
)
EDITOR = DemoAccount(
    "editor-contoh",
    "Eka Editor",
    "editor.contoh@example.org",
    "ptsp-editors",
    _("Editor"),
)
DEMO_ACCOUNTS = (CITIZEN, VERIFIER, REVIEWER, APPROVER, EDITOR)
COMPLAINT_HANDLER = DemoAccount(
    "penanganan-contoh",
    "Pungki Penanganan Pengaduan",
    "penanganan.contoh@example.org",
    "ptsp-complaint-handlers",
    _("Petugas pengaduan"),
)
DEMO_ACCOUNTS = DEMO_ACCOUNTS + (COMPLAINT_HANDLER,)
FRONT_OFFICE = DemoAccount(
    "loket-contoh",
    "Lina Loket",
    "loket.contoh@example.org",
    "ptsp-frontoffice",
    _("Petugas Loket"),
)
DEMO_ACCOUNTS = DEMO_ACCOUNTS + (FRONT_OFFICE,)
CASHIER = DemoAccount(
    "kasir-contoh",
    "Kasih Kasir",
    "kasir.contoh@example.org",
    "ptsp-cashiers",
    _("Kasir"),
)
DEMO_ACCOUNTS = DEMO_ACCOUNTS + (CASHIER,)

# what the citizen's registration form would have asked: the application
# form is prefilled from it
CITIZEN_PROPERTIES = {
    "nik": "3201010101900001",
    "phone": "0812-3456-7890",
    "address": "Jl. Merdeka No. 10, Desa Sukamaju, Kecamatan Contoh",
}


def random_password():
    """16 URL-safe characters: easy to copy, hard to guess."""
    return secrets.token_urlsafe(12)


def create_demo_account(account):
    """The account (made if missing) in its group; ``None`` when the site
    has no such group."""
    if account.group is not None and api.group.get(groupname=account.group) is None:
        return None
    user = api.user.get(username=account.login)
    if user is None:
        properties = {"fullname": account.fullname}
        if account is CITIZEN:
            properties.update(CITIZEN_PROPERTIES)
        user = api.user.create(
            email=account.email,
            username=account.login,
            password=random_password(),  # replaced by new_passwords, never shown
            properties=properties,
        )
    if account.group is not None:
        api.group.add_user(groupname=account.group, user=user)
    return user


def create_demo_accounts(site):
    """Every demo account whose group the site has."""
    return [user for user in map(create_demo_account, DEMO_ACCOUNTS) if user is not None]


def existing_demo_accounts():
    """The demo accounts this site has, in the order of ``DEMO_ACCOUNTS``."""
    acl_users = api.portal.get_tool("acl_users")
    return [account for account in DEMO_ACCOUNTS if acl_users.getUserById(account.login) is not None]


def is_demo():
    """A site is a demo while any demo account exists on it."""
    acl_users = api.portal.get_tool("acl_users")
    return any(acl_users.getUserById(account.login) is not None for account in DEMO_ACCOUNTS)


def new_passwords(accounts):
    """Give each existing account of ``accounts`` a new random password;
    ``{login: password}``.  For the tool that creates the site, which keeps
    them outside the database."""
    acl_users = api.portal.get_tool("acl_users")
    passwords = {}
    for account in accounts:
        if acl_users.getUserById(account.login) is None:
            continue
        password = random_password()
        acl_users.userSetPassword(account.login, password)
        passwords[account.login] = password
    return passwords
