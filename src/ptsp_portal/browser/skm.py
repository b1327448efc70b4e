"""The SKM pages: ``@@skm`` (the published index, anyone), ``@@skm-csv``
(its figures as CSV), ``@@skm-survei`` (answering with the invitation's
token, phone first) and ``@@skm-jawaban-csv`` (the anonymous responses,
Managers only).  Figures and answers come from ``ptsp_portal.survey``."""

from plone import api
from Products.Five.browser import BrowserView
from ptsp_portal import _
from ptsp_portal.browser import csv_export
from ptsp_portal.survey import periods
from ptsp_portal.survey.answering import AnswerError
from ptsp_portal.survey.answering import check_token
from ptsp_portal.survey.answering import permit_type_title
from ptsp_portal.survey.answering import submit
from ptsp_portal.survey.answering import SUGGESTION_MAX
from ptsp_portal.survey.elements import ELEMENT_KEYS
from ptsp_portal.survey.elements import ELEMENT_NAMES
from ptsp_portal.survey.elements import ELEMENTS
from ptsp_portal.survey.elements import PROFILE
from ptsp_portal.survey.elements import SCALE
from ptsp_portal.survey.ikm import round_half_up
from ptsp_portal.survey.invitations import TokenError
from ptsp_portal.survey.results import permit_types
from ptsp_portal.survey.results import PermitTypeError
from ptsp_portal.survey.results import results
from ptsp_portal.survey.storage import get_storage
from urllib.parse import urlencode
from zope.i18n import translate

import transaction


def decimal_text(value, places):
    """``Fraction`` -> ``"81,53"`` (Indonesian decimal comma)."""
    return str(round_half_up(value, places)).replace(".", ",")


class SkmView(BrowserView):
    """The IKM of a period, overall or for one permit type."""

    figures = None
    error = None

    def __call__(self):
        form = self.request.form
        try:
            self.figures = results(form.get("period"), form.get("permit_type"))
        except (periods.PeriodError, PermitTypeError) as exc:
            self.error = exc.message
            self.request.response.setStatus(400)
            self.figures = results()
        return self.index()

    def t(self, msgid):
        return translate(msgid, context=self.request)

    def period_options(self):
        current = self.figures["period"].id
        return [
            {"value": p.id, "title": self.t(p.title), "selected": p.id == current}
            for p in self.figures["periods"]
        ]

    def permit_type_options(self):
        selected = self.figures["permit_type"]
        uid = selected["uid"] if selected else None
        return [{**item, "selected": item["uid"] == uid} for item in permit_types()]

    def scope_title(self):
        selected = self.figures["permit_type"]
        return selected["title"] if selected else self.t(_("Semua layanan"))

    def index_facts(self):
        index = self.figures["index"]
        if index is None:
            return None
        return {
            "ikm": decimal_text(index["ikm"], 2),
            "interval": decimal_text(index["interval"], 2),
            "grade": index["grade"],
            "performance": self.t(index["performance"]),
        }

    def elements(self):
        index = self.figures["index"]
        rows = []
        for element in index["elements"] if index else ():
            value = element["nrr"]
            rows.append(
                {
                    "id": element["key"],
                    "title": self.t(ELEMENT_NAMES[element["key"]]),
                    "nrr": decimal_text(value, 2),
                    "weighted": decimal_text(element["weighted"], 3),
                    "percent": str(round_half_up(value * 25, 1)),
                }
            )
        return rows

    def type_rows(self):
        rows = []
        for row in self.figures["permit_types"]:
            index = row["index"]
            rows.append(
                {
                    "title": row["title"],
                    "respondents": row["respondents"],
                    "ikm": decimal_text(index["ikm"], 2) if index else None,
                    "grade": f"{index['grade']} ({self.t(index['performance'])})" if index else None,
                }
            )
        return rows

    def query(self):
        query = {"period": self.figures["period"].id}
        if self.figures["permit_type"]:
            query["permit_type"] = self.figures["permit_type"]["id"]
        return urlencode(query)

    def csv_url(self):
        return f"{self.context.absolute_url()}/@@skm-csv?{self.query()}"

    def api_url(self):
        return f"{self.context.absolute_url()}/++api++/@skm?{self.query()}"


class SkmCsvView(BrowserView):
    """The figures of ``@@skm`` as CSV: one row per element, then the index."""

    def __call__(self):
        form = self.request.form
        try:
            figures = results(form.get("period"), form.get("permit_type"))
        except (periods.PeriodError, PermitTypeError) as exc:
            return csv_export.refuse(self.request, [exc.message])
        period = figures["period"].id
        scope = figures["permit_type"]["id"] if figures["permit_type"] else "semua"
        return csv_export.stream(self.request, f"skm-{period}-{scope}.csv", self.header(), self.rows(figures))

    def t(self, msgid):
        return translate(msgid, context=self.request)

    def header(self):
        return [
            self.t(_("Periode")),
            self.t(_("Jenis izin")),
            self.t(_("Unsur")),
            self.t(_("Responden")),
            *[self.t(_("Jumlah nilai ${n}", mapping={"n": v})) for v in SCALE],
            "NRR",
            self.t(_("NRR tertimbang")),
        ]

    def rows(self, figures):
        period = figures["period"].id
        scope = figures["permit_type"]["title"] if figures["permit_type"] else self.t(_("Semua layanan"))
        respondents = figures["respondents"]
        index = figures["index"]
        if index is None:
            yield [period, csv_export.cell(scope), self.t(_("Sampel terlalu kecil")), respondents]
            return
        for element in index["elements"]:
            yield [
                period,
                csv_export.cell(scope),
                self.t(ELEMENT_NAMES[element["key"]]),
                respondents,
                *[element["counts"].get(v, 0) for v in SCALE],
                str(round_half_up(element["nrr"], 3)),
                str(round_half_up(element["weighted"], 4)),
            ]
        yield [period, csv_export.cell(scope), "IKM", respondents, "", "", "", "", str(index["ikm"]), ""]
        yield [
            period,
            csv_export.cell(scope),
            self.t(_("Mutu pelayanan")),
            respondents,
            "",
            "",
            "",
            "",
            f"{index['grade']} ({self.t(index['performance'])})",
            "",
        ]


class SkmResponsesCsvView(BrowserView):
    """Every response as stored (no identity to show): Managers, for the
    office's own analysis and its yearly SKM report."""

    def __call__(self):
        storage = get_storage(api.portal.get())
        header = ["bulan", "permit_type", *ELEMENT_KEYS, *PROFILE, "saran"]
        return csv_export.stream(self.request, "skm-jawaban.csv", header, self.rows(storage))

    def rows(self, storage):
        if storage is None:
            return
        titles = {}
        for response in storage.responses.values():
            uid = response["permit_type"]
            if uid not in titles:
                titles[uid] = permit_type_title(uid)
            yield [
                response["month"],
                csv_export.cell(titles[uid]),
                *[response["answers"].get(key, "") for key in ELEMENT_KEYS],
                *[response["profile"].get(field, "") for field in PROFILE],
                csv_export.cell(response["suggestion"]),
            ]


class SkmSurveyView(BrowserView):
    """Answer the survey a token opens; 400/403/404/409 with a clear message."""

    token = ""
    token_error = None
    errors = None
    done = None
    permit_title = ""

    def __call__(self):
        request = self.request
        request.response.setHeader("Cache-Control", "no-store")
        request.response.setHeader("Referrer-Policy", "no-referrer")
        self.token = (
            (request.form.get("token") or "").strip() if isinstance(request.form.get("token"), str) else ""
        )
        self.errors = {}
        try:
            _digest, _uid, invitation = check_token(request.form.get("token"))
            self.permit_title = permit_type_title(invitation["permit_type"])
        except TokenError as exc:
            self.token_error = exc.message
            request.response.setStatus(exc.status)
            return self.index()
        if request.method == "POST":
            try:
                self.done = submit(self.token, self.payload())
            except AnswerError as exc:
                transaction.doom()
                self.errors = {k: self.t(v) for k, v in exc.errors.items()}
                request.response.setStatus(400)
            except TokenError as exc:
                transaction.doom()
                self.token_error = exc.message
                request.response.setStatus(exc.status)
        return self.index()

    def t(self, msgid):
        return translate(msgid, context=self.request)

    def payload(self):
        form = self.request.form
        return {
            "answers": {key: form.get(f"answers.{key}") for key in ELEMENT_KEYS},
            "profile": {field: form.get(f"profile.{field}") or None for field in PROFILE},
            "suggestion": form.get("suggestion") if isinstance(form.get("suggestion"), str) else None,
            "file_suggestion": bool(form.get("file_suggestion")),
        }

    def questions(self):
        form = self.request.form
        rows = []
        for number, (key, name, question, labels) in enumerate(ELEMENTS, 1):
            chosen = str(form.get(f"answers.{key}") or "")
            rows.append(
                {
                    "id": key,
                    "number": number,
                    "name": self.t(name),
                    "question": self.t(question),
                    "error": self.errors.get(f"answers.{key}"),
                    "options": [
                        {"value": str(v), "label": self.t(label), "checked": chosen == str(v)}
                        for v, label in zip(SCALE, labels, strict=True)
                    ],
                }
            )
        return rows

    def profile_fields(self):
        form = self.request.form
        return [
            {
                "id": field,
                "title": self.t(title),
                "error": self.errors.get(f"profile.{field}"),
                "options": [
                    {"value": v, "label": self.t(label), "selected": form.get(f"profile.{field}") == v}
                    for v, label in options
                ],
            }
            for field, (title, options) in PROFILE.items()
        ]

    def suggestion(self):
        value = self.request.form.get("suggestion")
        return value if isinstance(value, str) else ""

    def suggestion_max(self):
        return SUGGESTION_MAX

    def action_url(self):
        return f"{self.context.absolute_url()}/@@skm-survei"

    def results_url(self):
        return f"{self.context.absolute_url()}/@@skm"
