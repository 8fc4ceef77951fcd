"""Issue 7: scoring also runs after each import, for the years present."""
from fraud.choices import RunStatus
from fraud.models import ScoringRun
from registry import services as registry

HOSPITALS = ("hospital_code,name,level,kind,nonprofit,in_county,township_code\n"
             "H9,New clinic,1,village_clinic,true,true,T01\n")


def test_a_loaded_import_scores_the_years_present(county, tmp_path):
    (tmp_path / "hospitals.csv").write_text(HOSPITALS, encoding="utf-8")
    runs = registry.import_directory(tmp_path)
    assert [r.status for r in runs] == ["loaded"]
    assert list(ScoringRun.objects.values_list("year", "status")) == [
        (2025, RunStatus.FINISHED)]


def test_a_rejected_import_scores_nothing(county, tmp_path):
    (tmp_path / "hospitals.csv").write_text(HOSPITALS.replace(",1,", ",9,"), encoding="utf-8")
    runs = registry.import_directory(tmp_path)
    assert [r.status for r in runs] == ["rejected"]
    assert not ScoringRun.objects.exists()


def test_every_detector_runs_on_a_year_without_claims(db):
    from fraud import features, services

    alerts = services.find_alerts(features.load(2030))
    assert alerts.empty
