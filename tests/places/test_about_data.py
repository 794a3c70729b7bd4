from django.urls import reverse


def test_it_credits_the_reference_data_under_its_licences(client, db):
    response = client.get(reverse("core:about-data"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "UK Local Authority Names and Codes" in text and "CC BY 4.0" in text
    assert "Open Government Licence v3.0" in text
