"""The front-office group ``ptsp-frontoffice`` ("Petugas Loket").

Made by the profile's post-install handler and by the upgrade to 1025, the
same way as the complaint handlers' group: idempotent.  The group holds the
role ``FrontOffice`` on the site, which has "ptsp_portal: File at counter"
(rolemap.xml): ``@@loket``, the counter form, ``@apply`` with
``on_behalf_of`` as the counter, the receipt of counter applications.  It
gives no role on ``/permohonan``: the front office files, it does not work
or read the queue.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.constants import FRONT_OFFICE_GROUP
from ptsp_portal.constants import FRONT_OFFICE_ROLE
from ptsp_portal.i18n.language import in_site_language


def ensure_group():
    group = api.group.get(groupname=FRONT_OFFICE_GROUP)
    if group is None:
        group = api.group.create(
            groupname=FRONT_OFFICE_GROUP,
            title=in_site_language(_("Petugas Loket")),
            description=in_site_language(
                _(
                    "Menerima berkas di loket dan mengajukan permohonan atas nama warga yang datang "
                    "langsung (@@loket); mencetak tanda terima."
                )
            ),
        )
    api.group.grant_roles(groupname=FRONT_OFFICE_GROUP, roles=[FRONT_OFFICE_ROLE])
    return group
