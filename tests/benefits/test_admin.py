"""Administrators edit the policy tables of each year in the admin; results stay read-only."""
from audit.models import AuditEntry


def test_admin_sees_every_policy_table_of_a_year(county, client):
    client.force_login(county.staff["admin"])
    page = client.get("/admin/benefits/policyyear/2025/change/")
    assert page.status_code == 200
    for prefix in ("levels", "tiers", "ratios", "categories", "excluded_causes", "veteran_rates"):
        assert f'name="{prefix}-TOTAL_FORMS"' in page.content.decode()


def test_policy_year_change_is_audited(county, client):
    client.force_login(county.staff["admin"])
    page = client.get("/admin/benefits/policyyear/2025/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{formset.formset.prefix}-{k}": v
                     for k, v in management.initial.items()})
        for row in formset.formset.forms:
            data.update({row.add_prefix(name): row[name].value() for name in row.fields
                         if row[name].value() is not None})
    data["tcm_bonus_points"] = 15
    response = client.post("/admin/benefits/policyyear/2025/change/", data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="benefits.PolicyYear", object_id="2025")
    assert entry.changes["tcm_bonus_points"] == [10, 15]


def test_assessments_cannot_be_typed_in(county, client):
    client.force_login(county.staff["admin"])
    assert client.get("/admin/benefits/assessment/add/").status_code == 403
