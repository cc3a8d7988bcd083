"""The demo casebook's studies are publishable: valid, tagged and free of personal data."""

from __future__ import annotations

from doorstep.casebook.anonymise import KnownPerson, find_personal_data
from doorstep.casebook.model import problems
from doorstep.demo.casebook_data import STUDIES


def test_demo_studies_are_valid_tagged_and_anonymous() -> None:
    """Every demo study passes validation, carries tags, and the publish check finds nothing."""
    assert 8 <= len(STUDIES) <= 12
    for study in STUDIES:
        assert problems(study) == [] and study.tags
        assert find_personal_data(study.paragraphs(), KnownPerson()) == [], study.title
