"""Claims with bill lines as hospitals submit them (CONTRACT.md claims.csv and bill_lines.csv
columns; money in yuan with at most two decimals, stored as fen)."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from registry.models import Certificate, Person
from workflow.choices import Cause, ClaimType, LineCategory
from workflow.models import BillLine, Claim

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


def fen(yuan: Decimal) -> int:
    return int(yuan * 100)


def yuan(value: int) -> Decimal:
    return Decimal(value) / 100


class BillLineSerializer(serializers.Serializer):
    line_no = serializers.IntegerField(min_value=1)
    category = serializers.ChoiceField(choices=LineCategory.choices)
    item_code = serializers.CharField(max_length=32)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                        default="")
    quantity = serializers.DecimalField(max_digits=12, decimal_places=3,
                                        min_value=Decimal("0.001"))
    unit_price = serializers.DecimalField(**MONEY)
    amount = serializers.DecimalField(**MONEY)
    in_catalogue = serializers.BooleanField()
    service_date = serializers.DateField()

    def validate(self, data):
        """CONTRACT.md: amount must equal quantity x unit_price to the fen."""
        if (data["quantity"] * data["unit_price"]).quantize(Decimal("0.01")) != data["amount"]:
            raise serializers.ValidationError(
                {"amount": _("must equal quantity x unit price to the fen")})
        return data


class ClaimSerializer(serializers.Serializer):
    claim_id = serializers.CharField(max_length=40)
    person_id = serializers.CharField(max_length=18)
    certificate_no = serializers.CharField(max_length=32)
    claim_type = serializers.ChoiceField(choices=ClaimType.choices)
    admitted_on = serializers.DateField()
    discharged_on = serializers.DateField()
    diagnosis_code = serializers.CharField(max_length=16)
    chronic_disease = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                            default="")
    cause = serializers.ChoiceField(choices=Cause.choices, default=Cause.ILLNESS)
    referral_no = serializers.CharField(max_length=40, required=False, allow_blank=True,
                                        default="")
    emergency_reported_on = serializers.DateField(required=False, allow_null=True,
                                                  default=None)
    submitted_on = serializers.DateField()
    lines = BillLineSerializer(many=True, allow_empty=False)
    hospital_code = serializers.CharField(source="hospital_id", read_only=True)
    total = serializers.DecimalField(**MONEY, read_only=True)
    state = serializers.CharField(read_only=True)

    def validate_claim_id(self, value):
        if Claim.objects.filter(pk=value).exists():
            raise serializers.ValidationError(_("a claim with this ID exists"))
        return value

    def validate_person_id(self, value):
        if not Person.objects.filter(pk=value).exists():
            raise serializers.ValidationError(_("unknown person"))
        return value

    def validate(self, data):
        errors = {}
        if data["admitted_on"] > data["discharged_on"]:
            errors["discharged_on"] = _("is before admitted_on")
        if not Certificate.objects.filter(number=data["certificate_no"]).exists():
            errors["certificate_no"] = _("unknown certificate")
        numbers = [line["line_no"] for line in data["lines"]]
        if len(set(numbers)) != len(numbers):
            errors["lines"] = _("line numbers must be unique")
        elif any(not data["admitted_on"] <= line["service_date"] <= data["discharged_on"]
                 for line in data["lines"]):
            errors["lines"] = _("every service date must lie within the claim's dates")
        if errors:
            raise serializers.ValidationError(errors)
        return data

    def to_representation(self, claim):
        return {
            **{name: getattr(claim, name) for name in (
                "claim_id", "person_id", "certificate_no", "claim_type", "diagnosis_code",
                "chronic_disease", "cause", "referral_no", "state")},
            **{name: getattr(claim, name) and getattr(claim, name).isoformat() for name in (
                "admitted_on", "discharged_on", "emergency_reported_on", "submitted_on")},
            "hospital_code": claim.hospital_id,
            "total": str(yuan(claim.total_fen)),
            "lines": [{"line_no": line.line_no, "category": line.category,
                       "item_code": line.item_code, "description": line.description,
                       "quantity": str(line.quantity), "unit_price": str(yuan(line.unit_price_fen)),
                       "amount": str(yuan(line.amount_fen)), "in_catalogue": line.in_catalogue,
                       "service_date": line.service_date.isoformat()}
                      for line in claim.lines.all()],
        }

    def create(self, data):
        lines = data.pop("lines")
        claim = Claim.objects.create(
            **data, hospital_id=self.context["hospital_id"],
            total_fen=sum(fen(line["amount"]) for line in lines))
        BillLine.objects.bulk_create([
            BillLine(claim=claim, line_no=line["line_no"], category=line["category"],
                     item_code=line["item_code"], description=line["description"],
                     quantity=line["quantity"], unit_price_fen=fen(line["unit_price"]),
                     amount_fen=fen(line["amount"]), in_catalogue=line["in_catalogue"],
                     service_date=line["service_date"]) for line in lines])
        return claim
