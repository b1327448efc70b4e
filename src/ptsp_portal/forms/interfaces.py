"""Interfaces of the application forms."""

from collective.easyform.interfaces import IAction
from ptsp_portal import _
from zope import schema
from zope.interface import Interface


class IPermitForm(Interface):
    """Marker of the EasyForm ``formulir`` inside a PermitType.

    It belongs to the office (``ptsp_portal.forms.security``: its own
    one-state workflow, owned by the site's owner, only our action), its
    ``@@view`` needs a logged-in citizen and its fields follow the permit
    type's requirement rows (``ptsp_portal.forms.formsync``).
    """


class ICreatePermitApplication(IAction):
    """Settings of the EasyForm action "Create permit application"."""

    store_extra_uploads = schema.Bool(
        title=_("Simpan unggahan tambahan sebagai dokumen"),
        description=_(
            "Berkas dari pertanyaan unggahan yang ditambahkan pengelola (di luar "
            "persyaratan) ikut disimpan sebagai dokumen permohonan, dengan "
            "pemeriksaan jenis dan ukuran bawaan situs."
        ),
        default=True,
        required=False,
    )
    thanks_message = schema.Text(
        title=_("Pesan setelah permohonan terkirim"),
        description=_("Ditampilkan di atas nomor registrasi."),
        default="",
        required=False,
        missing_value="",
    )
