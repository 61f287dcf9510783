"""The fact model: versions of a value, and what a deal has reached."""

from __future__ import annotations

from briefing.models import Deal, Event

DEAL = {
    "id": "d",
    "title": "A deal",
    "system": "s",
    "seller": "a",
    "buyer": "b",
    "sources": ["src"],
}


def test_a_bare_value_is_one_version_resting_on_the_record() -> None:
    event = Event.model_validate({"id": "e", "title": "E", "date": "2019-07", "sources": ["s"]})
    assert [(v.value.text, v.sources) for v in event.date] == [("2019-07", None)]


def test_a_lone_mapping_with_value_is_one_version_with_its_note() -> None:
    data = {"id": "e", "title": "E", "date": {"value": "2019", "note": "n"}, "sources": ["s"]}
    event = Event.model_validate(data)
    assert [(v.value.text, v.note) for v in event.date] == [("2019", "n")]


def test_a_list_keeps_every_version_with_its_sources() -> None:
    data = {
        "id": "e",
        "title": "E",
        "date": [{"value": "2017-09-12", "sources": ["x"]}, {"value": "2017-12", "sources": ["y"]}],
        "sources": ["x", "y"],
    }
    event = Event.model_validate(data)
    assert [(v.value.text, v.sources) for v in event.date] == [
        ("2017-09-12", ["x"]),
        ("2017-12", ["y"]),
    ]


def test_the_current_status_leaves_out_expected_stages() -> None:
    deal = Deal.model_validate(
        DEAL | {"status": [{"status": "signed"}, {"status": "delivered", "expected": "true"}]}
    )
    current = deal.current_status()
    assert current is not None and current.status.value == "signed"
    assert Deal.model_validate(DEAL).current_status() is None
