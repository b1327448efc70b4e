"""Regulation page and the ``regulasi`` listing with filters."""

from plone.batching import Batch
from Products.Five.browser import BrowserView
from ptsp_portal.browser.batching import batch_start
from ptsp_portal.regulations import query
from ptsp_portal.vocabularies import LEGAL_FIELDS
from ptsp_portal.vocabularies import REGULATION_STATUSES
from ptsp_portal.vocabularies import REGULATION_TYPES


def _title(vocabulary, token):
    return vocabulary.getTerm(token).title if token in vocabulary else token


class RegulationView(BrowserView):
    def type_title(self):
        return _title(REGULATION_TYPES, self.context.regulation_type)

    def status_title(self):
        return _title(REGULATION_STATUSES, self.context.status)

    def field_of_law_title(self):
        return _title(LEGAL_FIELDS, self.context.field_of_law)

    def related(self, field):
        return [
            {"title": rel.to_object.Title(), "url": rel.to_object.absolute_url()}
            for rel in getattr(self.context, field, None) or []
            if not rel.isBroken() and rel.to_object is not None
        ]

    def referenced_by(self, attribute):
        """Regulations that amend or revoke this one (back relations)."""
        from plone.api.relation import get as get_relations

        return [
            {"title": rel.from_object.Title(), "url": rel.from_object.absolute_url()}
            for rel in get_relations(target=self.context, relationship=attribute)
            if rel.from_object is not None
        ]


class RegulationListingView(BrowserView):
    b_size = 20
    error = None

    def __call__(self):
        try:
            self.filters = query.parse_filters(self.request.form)
        except query.RegulationQueryError as exc:
            self.error = exc.field
            self.filters = exc.filters
        try:
            self.results = query.search(self.context, self.filters)
        except query.RegulationQueryError as exc:  # a term the index cannot parse
            self.error = exc.field
            self.filters.pop("SearchableText", None)
            self.results = query.search(self.context, self.filters)
        return self.index()

    def types(self):
        return list(REGULATION_TYPES)

    def statuses(self):
        return list(REGULATION_STATUSES)

    def years(self):
        return query.years(self.context)

    def form_value(self, name):
        return (self.request.form.get(name) or "").strip()

    def batch(self):
        return Batch(self.results, self.b_size, start=batch_start(self.request))

    def type_title(self, token):
        return _title(REGULATION_TYPES, token)

    def status_title(self, token):
        return _title(REGULATION_STATUSES, token)
