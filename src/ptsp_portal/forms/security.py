"""A permit form belongs to the office.

- Its security comes from ``ptsp_permit_form_workflow`` (one state, no Owner
  in the map), bound to permit forms only by ``permit_form_chain``: the
  workflow chain is per portal type and other EasyForms keep theirs.
- It is owned by the site's owner and holds no local roles
  (``secure_form``), whoever created the permit type or triggered the sync.
- Its only action is "Create permit application": every way a model is
  written (REST, EasyForm's screens and model editors, the sync) goes
  through ``check_actions_model`` / ``remove_foreign_actions``.
- Expressions (EasyForm's TALES attributes) need "Edit TALES Fields" however
  the model is written (``check_fields_model``).
- Nothing writes the whole form unchecked: no WebDAV ``PUT``
  (``no_raw_write``), no EasyForm import (``screens.PermitFormImportForm``).
"""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from collective.easyform.api import get_actions
from collective.easyform.api import set_actions
from lxml import etree
from plone import api
from plone.base.interfaces import IWorkflowChain
from plone.schemaeditor.utils import EditableSchema
from plone.supermodel import loadString
from Products.CMFCore.interfaces import IWorkflowTool
from Products.PageTemplates.Expressions import getEngine
from ptsp_portal import _
from ptsp_portal.constants import PERMIT_FORM_WORKFLOW
from ptsp_portal.constants import RESERVED_KEYS
from ptsp_portal.forms.interfaces import IPermitForm
from ptsp_portal.forms.model import is_our_action
from ptsp_portal.permissions import EditTALESFields
from zExceptions import Forbidden
from zope.component import adapter
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer
from zope.schema import getFieldNamesInOrder

import contextlib
import logging

logger = logging.getLogger("ptsp_portal.forms")

# attributes EasyForm's screens write only with "Edit TALES Fields"
FIELD_TALES = ("TDefault", "TEnabled", "TValidator", "depends_on", "css_class", "THidden", "serverSide")
ACTION_TALES = ("execCondition",)
# the ones that are expressions (compiled to check them)
EXPRESSIONS = ("TDefault", "TEnabled", "TValidator", "execCondition")


class ModelRefused(ValueError):
    """A model nobody may store (400): ``attribute`` names what is wrong."""

    def __init__(self, attribute, message):
        super().__init__(message)
        self.attribute = attribute
        self.message = message


def _text(message):
    return translate(message, context=getRequest())


@adapter(IPermitForm, IWorkflowTool)
@implementer(IWorkflowChain)
def permit_form_chain(context, workflow_tool):
    """Permit forms (and only they) get the office's one-state workflow."""
    return (PERMIT_FORM_WORKFLOW,)


# Ownership


def site_owner():
    """The user who owns the site (its creator), or None."""
    return api.portal.get().getOwner()


@contextlib.contextmanager
def as_site_owner():
    """Run as the site's owner, so what is created is theirs, not the
    current user's (an editor whose edit triggered the sync)."""
    owner = site_owner()
    if owner is None:  # pragma: no cover - every Plone site has an owner
        with api.env.adopt_roles(["Manager"]):
            yield
        return
    with api.env.adopt_user(user=owner):
        yield


def secure_form(form):
    """Owned by the site's owner, no local roles, in the office workflow."""
    owner = site_owner()
    if owner is not None:
        if form.getOwner() is None or form.getOwner().getId() != owner.getId():
            form.changeOwnership(owner, recursive=False)
        form.setCreators((owner.getId(),))
    local = [principal for principal, roles in form.get_local_roles()]
    if local:
        form.manage_delLocalRoles(local)
    workflow_tool = api.portal.get_tool("portal_workflow")
    workflow = workflow_tool.getWorkflowById(PERMIT_FORM_WORKFLOW)
    if workflow is not None:
        if workflow_tool.getStatusOf(PERMIT_FORM_WORKFLOW, form) is None:
            workflow_tool.notifyCreated(form)
        workflow.updateRoleMappingsFor(form)
    form.reindexObjectSecurity()
    form.reindexObject(idxs=["Creator", "listCreators", "review_state"])


def on_form_added(form, event):
    """Created, copied or moved: the form is the office's again."""
    secure_form(form)


def no_raw_write(form):
    """No ``IRawWriteFile`` for a permit form: a WebDAV ``PUT`` (and
    EasyForm's import, which PUTs the archive's ``.data``) would set any
    field, ``actions_model`` and ``fields_model`` included, without checks
    or field write permissions; ``PUT`` answers 405 instead."""
    return None


# Models


def _parse(attribute, source):
    if not isinstance(source, str) or not source.strip():
        raise ModelRefused(
            attribute,
            _text(_("${attribute}: model XML kosong atau bukan teks.", mapping={"attribute": attribute})),
        )
    try:
        parser = etree.XMLParser(resolve_entities=False, remove_pis=True, no_network=True)
        etree.fromstring(source.encode("utf-8"), parser=parser)
        return loadString(source).schema
    except Exception as exc:  # XMLSyntaxError, SupermodelParseError, ...
        raise ModelRefused(
            attribute,
            _text(
                _(
                    "${attribute}: model XML tidak dapat dibaca (${error}).",
                    mapping={"attribute": attribute, "error": str(exc).splitlines()[0][:200]},
                )
            ),
        ) from exc


def _tales(schema, attributes):
    """``{(field name, attribute): value}`` of the TALES attributes."""
    found = {}
    names = set(getFieldNamesInOrder(schema))
    for attribute in attributes:
        for name, value in (schema.queryTaggedValue(attribute, {}) or {}).items():
            if name in names and value not in (None, "", False):
                found[(name, attribute)] = value
    return found


def tales_of(form):
    """The TALES attributes of a form's fields and actions (upgrade log)."""
    found = []
    for attribute, source, kinds in (
        ("fields_model", form.fields_model, FIELD_TALES),
        ("actions_model", form.actions_model, ACTION_TALES),
    ):
        schema = _stored_schema(source)
        if schema is not None:
            for (name, kind), value in sorted(_tales(schema, kinds).items()):
                found.append((attribute, name, kind, value))
    return found


def _check_tales(form, attribute, old_schema, new_schema, kinds):
    old = _tales(old_schema, kinds) if old_schema is not None else {}
    new = _tales(new_schema, kinds)
    names = set(getFieldNamesInOrder(new_schema))
    changed = sorted(key for key in set(old) | set(new) if key[0] in names and old.get(key) != new.get(key))
    if not changed:
        return
    if not getSecurityManager().checkPermission(EditTALESFields, form):
        name, kind = changed[0]
        raise Forbidden(
            _text(
                _(
                    '${attribute}: atribut ${kind} pada "${field}" adalah ekspresi dan hanya '
                    'dapat diubah oleh Manager (izin "Edit TALES Fields").',
                    mapping={"attribute": attribute, "kind": kind, "field": name},
                )
            )
        )
    engine = getEngine()
    for name, kind in changed:
        value = new.get((name, kind))
        if kind in EXPRESSIONS and value:
            try:
                engine.compile(value)
            except Exception as exc:
                raise ModelRefused(
                    attribute,
                    _text(
                        _(
                            '${attribute}: ekspresi ${kind} pada "${field}" tidak valid (${error}).',
                            mapping={
                                "attribute": attribute,
                                "kind": kind,
                                "field": name,
                                "error": str(exc)[:200],
                            },
                        )
                    ),
                ) from exc


def _stored_schema(source):
    try:
        return loadString(source).schema if source else None
    except Exception:
        return None


def reserved_name_message(name):
    """The message for a question id that ``@apply`` uses itself, or None."""
    if name not in RESERVED_KEYS:
        return None
    return _(
        'ID pertanyaan "${name}" dipakai oleh sistem (${reserved}); pilih ID lain.',
        mapping={"name": name, "reserved": ", ".join(RESERVED_KEYS)},
    )


def check_reserved_names(schema, attribute="fields_model"):
    """Refuse questions whose ids are keys of the ``@apply`` contract
    (``on_behalf_of``, ``channel``, ``draft``...): their answers could
    never reach the form."""
    for name in getFieldNamesInOrder(schema):
        message = reserved_name_message(name)
        if message is not None:
            raise ModelRefused(attribute, _text(message))


def check_fields_model(form, source):
    """Raise unless the current user may store ``source`` as the fields."""
    schema = _parse("fields_model", source)
    check_reserved_names(schema)
    _check_tales(form, "fields_model", _stored_schema(form.fields_model), schema, FIELD_TALES)
    return schema


def _foreign(schema):
    return [name for name in getFieldNamesInOrder(schema) if not is_our_action(schema[name])]


def check_actions_schema(schema, attribute="actions_model"):
    """Only "Create permit application", and it must be there."""
    foreign = _foreign(schema)
    if foreign:
        action = schema[foreign[0]]
        raise ModelRefused(
            attribute,
            _text(
                _(
                    "${attribute}: formulir permohonan izin hanya boleh memiliki tindakan "
                    '"Buat permohonan izin"; tindakan "${name}" (${type}) tidak diizinkan.',
                    mapping={"attribute": attribute, "name": foreign[0], "type": type(action).__name__},
                )
            ),
        )
    if not getFieldNamesInOrder(schema):
        raise ModelRefused(
            attribute,
            _text(
                _(
                    '${attribute}: tindakan "Buat permohonan izin" tidak boleh dihapus.',
                    mapping={"attribute": attribute},
                )
            ),
        )


def check_actions_model(form, source):
    """Raise unless ``source`` may be stored as the actions of ``form``."""
    schema = _parse("actions_model", source)
    check_actions_schema(schema)
    _check_tales(form, "actions_model", _stored_schema(form.actions_model), schema, ACTION_TALES)
    return schema


def remove_foreign_actions(form):
    """Remove every action but ours; return the removed names."""
    actions = get_actions(form)
    foreign = _foreign(actions)
    if not foreign:
        return []
    editable = EditableSchema(actions)
    for name in foreign:
        editable.removeField(name)
    set_actions(form, actions)
    logger.warning(
        "%s: removed the actions %s (a permit form has only 'Create permit application')",
        "/".join(form.getPhysicalPath()),
        ", ".join(foreign),
    )
    return foreign


def purge_saved_data(form):
    """Drop what Save Data actions stored on ``form``; return the row count."""
    storage = getattr(aq_base(form), "_inputStorage", None)
    if storage is None:
        return 0
    rows = 0
    for value in storage.values():
        try:
            rows += len(value)
        except TypeError:
            pass
    del form._inputStorage
    return rows
