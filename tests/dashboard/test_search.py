"""Search by ID or name, never beyond the user's scope."""


def test_clerk_finds_the_own_townships_people_only(claims, client_of, county):
    client = client_of("clerk_t01")
    assert "张伟" in client.get("/home/search/?q=张").content.decode()
    page = client.get("/home/search/?q=欧阳").content.decode()
    assert "欧阳修文" not in page and "Nothing in your scope matches" in page


def test_county_staff_find_a_person_by_resident_id(claims, client_of, county):
    person = county.people["ouyang_xiu"]
    page = client_of("director").get(f"/home/search/?q={person.person_id}").content.decode()
    assert f"/registry/person/{person.person_id}/" in page
    assert "CLT02REVIEW" in page  # the claimant's claims too


def test_claim_certificate_and_hospital_by_id(claims, client_of):
    page = client_of("director").get("/home/search/?q=CLT01").content.decode()
    assert "CLT01REVIEW" in page and "CLT01OK" in page and "CLT02OK" not in page
    assert "县人民医院" in client_of("director").get("/home/search/?q=H2").content.decode()
    assert "C000001" in client_of("director").get("/home/search/?q=C000001").content.decode()


def test_hospital_admin_finds_only_the_own_patients(claims, client_of):
    page = client_of("hospital_admin_h2").get("/home/search/?q=张伟").content.decode()
    assert "张伟" not in page.split('data-testid="search-results"')[1]
