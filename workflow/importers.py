"""The workflow's contract files: referrals, claims, bill lines, decisions (CONTRACT.md).

FileSpecs on the one importer framework (registry.importing). Claims and bill lines are the
big files (the issue's goal: 1M claims at 30,000 rows/s), so checks are set and dict
look-ups on keys loaded once per file or once per chunk, and writes are bulk upserts.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import compress, repeat
from operator import gt, ne

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import ChronicDisease
from registry.importing import parsers
from registry.importing.runner import Column, Counts, FileSpec
from registry.importing.tables import (
    BULK_ROWS, SecondaryIndexes, TableWriter, bulk_insert, stored_rows,
)
from registry.models import Hospital, Person
from workflow.choices import (
    Cause, ClaimState, ClaimType, Decision, LineCategory, ReferralStatus, ReviewLevel,
)
from workflow.models import BillLine, Claim, Referral, ReviewDecision
from workflow.referral_codes import fresh_codes


def counts_of(changes) -> Counts:
    return Counts(len(changes.created), len(changes.updated), changes.unchanged)


def not_received(report, row_number: int, claim_id: str, state: str) -> None:
    """Once a claim has left `received` it is under review: an import may not change it."""
    report.add(row_number, "claim_id", claim_id,
               _("claim is %(state)s, it can no longer be changed by import") % {"state": state})


class ReferralsSpec(FileSpec):
    """referrals.csv, key referral_no. `status` is a protected FSM field: the bulk upsert
    writes the recorded status without a transition (DOMAIN.md "Referrals"). A new row gets a
    verification code from the filed referrals' generator (workflow.referral_codes), so the
    public verification page resolves it; a row imported again keeps its code."""

    kind = "referrals"
    key = ("referral_no",)
    columns = (
        Column("referral_no"),
        Column("person_id"),
        Column("from_hospital_code"),
        Column("to_hospital_code"),
        Column("diagnosis_code"),
        Column("status", parsers.choice(ReferralStatus.values)),
        Column("valid_from", parsers.date, blank=True, empty=None),
        Column("valid_to", parsers.date, blank=True, empty=None),
    )

    def begin(self):
        self.people = set(Person.objects.values_list("pk", flat=True))
        self.hospitals = set(Hospital.objects.values_list("pk", flat=True))
        self.writer = TableWriter(Referral, ("referral_no",), (
            "person_id", "from_hospital_id", "to_hospital_id", "diagnosis_code", "status",
            "valid_from", "valid_to"), insert_only=("code",), file_key=True)

    def row_errors(self, row):
        d = row.data
        errors = []
        if d["person_id"] not in self.people:
            errors.append(("person_id", d["person_id"], _("unknown person")))
        for name in ("from_hospital_code", "to_hospital_code"):
            if d[name] not in self.hospitals:
                errors.append((name, d[name], _("unknown hospital")))
        if d["valid_from"] and d["valid_to"] and d["valid_from"] > d["valid_to"]:
            errors.append(("valid_to", d["valid_to"], _("is before valid_from")))
        return errors

    def store(self, rows, report, write):
        records = [{"referral_no": d["referral_no"], "person_id": d["person_id"],
                    "from_hospital_id": d["from_hospital_code"],
                    "to_hospital_id": d["to_hospital_code"], "diagnosis_code": d["diagnosis_code"],
                    "status": d["status"], "valid_from": d["valid_from"],
                    "valid_to": d["valid_to"], "code": None} for d in (r.data for r in rows)]
        changes = self.writer.compare(records, self.writer.existing(
            r["referral_no"] for r in records))
        if write:
            for record, code in zip(changes.created, fresh_codes(len(changes.created),
                                                                 _stored_codes)):
                record["code"] = code  # a new row's verification code; a stored one keeps its
            self.writer.write(changes)
        return counts_of(changes)


def _stored_codes(codes) -> set[str]:
    """Which of `codes` referrals already carry (referral_codes.fresh_codes)."""
    return {code for code, in stored_rows(Referral, "code", (), codes)}


class ClaimsSpec(FileSpec):
    """claims.csv, key claim_id. A new claim is `received` with a zero total until its bill
    lines arrive; a claim that has left `received` is not changed by an import."""

    kind = "claims"
    key = ("claim_id",)
    columns = (
        Column("claim_id"),
        Column("person_id"),
        Column("certificate_no"),
        Column("hospital_code"),
        Column("claim_type", parsers.choice(ClaimType.values)),
        Column("admitted_on", parsers.date),
        Column("discharged_on", parsers.date),
        Column("diagnosis_code"),
        Column("chronic_disease", parsers.choice(ChronicDisease.values), blank=True),
        Column("cause", parsers.choice(Cause.values)),
        Column("referral_no", blank=True),
        Column("emergency_reported_on", parsers.date, blank=True, empty=None),
        Column("submitted_on", parsers.date),
        Column("entered_by", blank=True),
    )
    FIELDS = ("person_id", "certificate_no", "hospital_id", "claim_type", "admitted_on",
              "discharged_on", "diagnosis_code", "chronic_disease", "cause", "referral_no",
              "emergency_reported_on", "submitted_on", "entered_by_id")

    def begin(self):
        self.people = set(Person.objects.values_list("pk", flat=True))
        self.hospitals = set(Hospital.objects.values_list("pk", flat=True))
        self.user_ids = dict(get_user_model().objects.values_list("username", "pk"))
        self.user_ids[""] = None
        self.writer = TableWriter(Claim, ("claim_id",), self.FIELDS, file_key=True)
        self.writer.load_in_bulk(self.expected_rows)

    def load(self, chunk, report, write):
        """The checks column by column (set look-ups, element-wise comparisons); new claims
        are inserted in bulk from the columns, a chunk touching stored claims row by row."""
        c = chunk.columns
        bad = (chunk.unknown(report, "person_id", self.people, _("unknown person"))
               | chunk.unknown(report, "hospital_code", self.hospitals, _("unknown hospital"))
               | chunk.unknown(report, "entered_by", self.user_ids, _("unknown user"))
               | chunk.flag(report, "discharged_on", map(gt, c["admitted_on"], c["discharged_on"]),
                            _("is before admitted_on"))
               | chunk.flag(report, "chronic_disease",
                            [kind == ClaimType.CHRONIC and not disease for kind, disease
                             in zip(c["claim_type"], c["chronic_disease"])],
                            _("a chronic claim names its chronic disease"),
                            [""] * len(chunk.numbers)))
        chunk = chunk.without(bad)
        c = chunk.columns
        if self.writer.existing(c["claim_id"]):
            return self.store(chunk.rows(), report, write)
        if write and not report:
            named = {**c, "hospital_id": c["hospital_code"],
                     "entered_by_id": list(map(self.user_ids.__getitem__, c["entered_by"]))}
            self.writer.write_rows(self.writer.from_columns(
                [named[name] for name in self.writer.key + self.FIELDS], len(chunk.numbers)))
        return Counts(created=len(chunk.numbers))

    def finish(self):
        self.writer.finish()

    def store(self, rows, report, write):
        users = self.user_ids
        records = [{"claim_id": d["claim_id"], "person_id": d["person_id"],
                    "certificate_no": d["certificate_no"], "hospital_id": d["hospital_code"],
                    "claim_type": d["claim_type"], "admitted_on": d["admitted_on"],
                    "discharged_on": d["discharged_on"], "diagnosis_code": d["diagnosis_code"],
                    "chronic_disease": d["chronic_disease"], "cause": d["cause"],
                    "referral_no": d["referral_no"],
                    "emergency_reported_on": d["emergency_reported_on"],
                    "submitted_on": d["submitted_on"], "entered_by_id": users[d["entered_by"]]}
                   for d in (r.data for r in rows)]
        existing = self.writer.existing((r["claim_id"] for r in records), ("state",))
        changes = self.writer.compare(records, existing)
        numbers = {r.data["claim_id"]: r.number for r in rows}
        for record in changes.updated:
            state = existing[(record["claim_id"],)]["state"]
            if state != ClaimState.RECEIVED:
                not_received(report, numbers[record["claim_id"]], record["claim_id"], state)
        if write and not report:
            self.writer.write(changes)
        return counts_of(changes)


def line_amount_fen(quantity_milli: int, unit_price_fen: int) -> int:
    """CONTRACT.md bill_lines.csv: amount = quantity x unit_price, to the fen, half up; in
    integers, with the quantity in thousandths (it has at most three decimals)."""
    return (quantity_milli * unit_price_fen + 500) // 1000


class BillLinesSpec(FileSpec):
    """bill_lines.csv, key claim_id + line_no. Each line's amount is quantity x unit price
    to the fen and its service date lies within the claim's dates; Claim.total_fen is kept
    equal to the sum of the claim's lines."""

    kind = "bill_lines"
    key = ("claim_id", "line_no")
    columns = (
        Column("claim_id"),
        Column("line_no", parsers.integer),
        Column("category", parsers.choice(LineCategory.values)),
        Column("item_code"),
        Column("description", blank=True),
        Column("quantity", parsers.quantity),
        Column("unit_price", parsers.money_fen),
        Column("amount", parsers.money_fen),
        Column("in_catalogue", parsers.boolean),
        Column("service_date", parsers.date),
    )
    FIELDS = ("category", "item_code", "description", "quantity", "unit_price_fen",
              "amount_fen", "in_catalogue", "service_date")

    def begin(self):
        self.writer = TableWriter(BillLine, ("claim_id", "line_no"), self.FIELDS, file_key=True)
        self.writer.load_in_bulk(self.expected_rows)
        self.claims: dict[str, tuple[dt.date, dt.date, str]] = {}
        self.touched: set[str] = set()
        self.milli: dict[Decimal, int] = {}

    def _load_claims(self, claim_ids: set[str]) -> None:
        """The chunk's claims (dates and state), in one query."""
        self.claims = {claim_id: (admitted, discharged, state) for claim_id, admitted,
                       discharged, state in stored_rows(Claim, "claim_id", (
                           "admitted_on", "discharged_on", "state"), claim_ids)}

    def quantity_milli(self, quantity: Decimal) -> int:
        """The quantity in thousandths, once per distinct quantity."""
        if quantity not in self.milli:
            self.milli[quantity] = int(quantity.scaleb(3))
        return self.milli[quantity]

    def load(self, chunk, report, write):
        """The checks column by column; new lines inserted in bulk from the columns, a chunk
        touching stored lines row by row."""
        c = chunk.columns
        self._load_claims(set(c["claim_id"]))
        claims = list(map(self.claims.get, c["claim_id"]))
        bad = chunk.flag(report, "claim_id", [claim is None for claim in claims],
                         _("unknown claim"))
        for i, (claim, served) in enumerate(zip(claims, c["service_date"])):
            if claim is not None and not claim[0] <= served <= claim[1]:
                report.add(chunk.numbers[i], "service_date", served,
                           _("is outside the claim's dates %(start)s to %(end)s")
                           % {"start": claim[0].isoformat(), "end": claim[1].isoformat()})
                bad.add(i)
        bad |= chunk.flag(report, "line_no", [number < 1 for number in c["line_no"]],
                          _("must be 1 or more"))
        expected = list(map(line_amount_fen, map(self.quantity_milli, c["quantity"]),
                            c["unit_price"]))
        for i in compress(range(len(expected)), map(ne, expected, c["amount"])):
            report.add(chunk.numbers[i], "amount", f"{c['amount'][i] / 100:.2f}",
                       _("is not quantity x unit_price = %(expected)s")
                       % {"expected": f"{expected[i] / 100:.2f}"})
            bad.add(i)
        chunk = chunk.without(bad)
        c = chunk.columns
        if self.writer.existing(c["claim_id"]):
            return self.store(chunk.rows(), report, write)
        states = [self.claims[claim_id][2] for claim_id in c["claim_id"]]
        for i in compress(range(len(states)), map(ne, states, repeat(ClaimState.RECEIVED))):
            not_received(report, chunk.numbers[i], c["claim_id"][i], states[i])
        if write and not report:
            named = {**c, "unit_price_fen": c["unit_price"], "amount_fen": c["amount"]}
            self.writer.write_rows(self.writer.from_columns(
                [named[name] for name in self.writer.key + self.FIELDS], len(chunk.numbers)))
            self.touched.update(c["claim_id"])
        return Counts(created=len(chunk.numbers))

    def store(self, rows, report, write):
        """A chunk some of whose lines are stored: compared and upserted row by row."""
        records = [{"claim_id": d["claim_id"], "line_no": d["line_no"],
                    "category": d["category"], "item_code": d["item_code"],
                    "description": d["description"], "quantity": d["quantity"],
                    "unit_price_fen": d["unit_price"], "amount_fen": d["amount"],
                    "in_catalogue": d["in_catalogue"], "service_date": d["service_date"]}
                   for d in (r.data for r in rows)]
        changes = self.writer.compare(records, self.writer.existing(
            r["claim_id"] for r in records))
        numbers = {(r.data["claim_id"], r.data["line_no"]): r.number for r in rows}
        for record in changes.to_write:
            state = self.claims[record["claim_id"]][2]
            if state != ClaimState.RECEIVED:
                not_received(report, numbers[(record["claim_id"], record["line_no"])],
                             record["claim_id"], state)
        if write and not report:
            self.writer.write(changes)
            self.touched.update(r["claim_id"] for r in changes.to_write)
        return counts_of(changes)

    def finish(self):
        # Totals first: the writer's end check locks the claims the lines refer to (FOR KEY
        # SHARE), and updating rows the transaction has locked itself costs a MultiXact each.
        update_claim_totals(self.touched)
        self.writer.finish()


def update_claim_totals(claim_ids: set[str]) -> None:
    """Claim.total_fen = the sum of its bill lines, for the touched claims in one statement:
    their IDs go to a temporary table (in bulk), one UPDATE ... FROM a grouped sum.

    PostgreSQL writes an updated row anew, with an entry in each of its table's indexes:
    when a year's lines touch a large number of claims, the claims' secondary indexes are
    built again after the update instead (a seventh of the time on 200,000 claims)."""
    if not claim_ids:
        return
    quote = connection.ops.quote_name
    claim, line = quote(Claim._meta.db_table), quote(BillLine._meta.db_table)
    indexes = SecondaryIndexes(Claim._meta.db_table)
    if connection.vendor == "postgresql" and len(claim_ids) >= BULK_ROWS:
        indexes.drop()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE import_touched_claim "
                       "(claim_id varchar(40) PRIMARY KEY)")
        bulk_insert("import_touched_claim", ["claim_id"], [list(claim_ids)])
        cursor.execute(
            f"UPDATE {claim} SET total_fen = sums.total FROM (SELECT l.claim_id, "
            f"SUM(l.amount_fen) AS total FROM {line} l JOIN import_touched_claim t "
            f"ON t.claim_id = l.claim_id GROUP BY l.claim_id) sums "
            f"WHERE {claim}.claim_id = sums.claim_id")
        cursor.execute("DROP TABLE import_touched_claim")
    indexes.rebuild()


class DecisionsSpec(FileSpec):
    """decisions.csv, key claim_id + level: review history decided elsewhere. `decided_at`
    is local time (Asia/Shanghai); `paid_amount` belongs on the final approval row."""

    kind = "decisions"
    key = ("claim_id", "level")
    columns = (
        Column("claim_id"),
        Column("level", parsers.choice(ReviewLevel.values)),
        Column("decided_by"),
        Column("decision", parsers.choice(Decision.values)),
        Column("decided_at", parsers.minute),
        Column("paid_amount", parsers.money_fen, blank=True, empty=None),
        Column("reason", blank=True, required=False),
    )

    def begin(self):
        self.user_ids = dict(get_user_model().objects.values_list("username", "pk"))
        self.writer = TableWriter(ReviewDecision, ("claim_id", "level"), (
            "decided_by_id", "decision", "decided_at", "paid_amount_fen", "reason"),
            file_key=True)
        self.zone = timezone.get_default_timezone()

    def prepare(self, rows):
        self.chunk_claims = {claim_id for claim_id, in stored_rows(
            Claim, "claim_id", (), {r.data["claim_id"] for r in rows})}

    def row_errors(self, row):
        d = row.data
        errors = []
        if d["claim_id"] not in self.chunk_claims:
            errors.append(("claim_id", d["claim_id"], _("unknown claim")))
        if d["decided_by"] not in self.user_ids:
            errors.append(("decided_by", d["decided_by"], _("unknown user")))
        if d["paid_amount"] is not None and d["decision"] != Decision.APPROVED:
            errors.append(("paid_amount", f"{d['paid_amount'] / 100:.2f}",
                           _("only an approval records a paid amount")))
        return errors

    def store(self, rows, report, write):
        records = [{"claim_id": d["claim_id"], "level": d["level"],
                    "decided_by_id": self.user_ids[d["decided_by"]], "decision": d["decision"],
                    "decided_at": timezone.make_aware(d["decided_at"], self.zone),
                    "paid_amount_fen": d["paid_amount"], "reason": d["reason"]}
                   for d in (r.data for r in rows)]
        changes = self.writer.compare(records, self.writer.existing(
            r["claim_id"] for r in records))
        if write:
            self.writer.write(changes)
        return counts_of(changes)


SPECS = (ReferralsSpec, ClaimsSpec, BillLinesSpec, DecisionsSpec)
