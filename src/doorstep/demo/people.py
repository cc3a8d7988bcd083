"""People: plausible Chinese names, 18-digit national ids with a valid check digit,
mobile numbers, and the demo's customers with the hidden traits that drive their story."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import mul
from random import Random
from typing import Any

from doorstep.core.crypto import FieldCipher
from doorstep.demo.context import DemoConfig, IdSequence, to_utc
from doorstep.demo.data_names import (
    FEMALE_FIRST,
    FEMALE_SECOND,
    FEMALE_SINGLE,
    MALE_FIRST,
    MALE_SECOND,
    MALE_SINGLE,
    SURNAMES,
)
from doorstep.demo.data_places import (
    DISTRICT_BY_NAME,
    GUANGDONG_AREA_CODES,
    OTHER_AREA_CODES,
    PARENT_AREA_CODE,
)
from doorstep.demo.geography import Branch, nearest_branch, sample_home
from doorstep.demo.sampling import Weighted

_SURNAMES = Weighted(list(SURNAMES))
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182",
    "183", "185", "186", "187", "188", "189", "191", "198", "199",
)
#: (label shown to staff, window start, window end) in minutes after local midnight.
CONTACT_WINDOWS: tuple[tuple[tuple[str, int, int], float], ...] = (
    (("上午 09:00-12:00", 540, 720), 0.22),
    (("中午 12:00-14:00", 720, 840), 0.06),
    (("下午 14:00-17:30", 840, 1050), 0.2),
    (("傍晚 17:30-20:00", 1050, 1200), 0.2),
    (("全天 09:00-20:00", 540, 1200), 0.17),
    (("", 540, 1200), 0.15),
)
_WINDOWS = Weighted(list(CONTACT_WINDOWS))


def id_check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of a GB 11643 citizen id."""
    total = sum(map(mul, map(int, first17), _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def national_id(area_code: str, birth: date, sequence: int, male: bool) -> str:
    """An 18-character id; the sequence's last digit is odd for men, even for women."""
    seq = sequence - sequence % 2 + (1 if male else 0)
    first17 = f"{area_code}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + id_check_digit(first17)


def person_name(rng: Random, male: bool) -> str:
    surname = _SURNAMES.pick(rng)
    if rng.random() < 0.16:
        return surname + rng.choice(MALE_SINGLE if male else FEMALE_SINGLE)
    first, second = (MALE_FIRST, MALE_SECOND) if male else (FEMALE_FIRST, FEMALE_SECOND)
    a, b = rng.choice(first), rng.choice(second)
    while b == a:
        b = rng.choice(second)
    return surname + a + b


@dataclass
class Registry:
    """Values that must be unique across the whole bank (ids, phone numbers)."""

    national_ids: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)

    def mobile(self, rng: Random) -> str:
        while True:
            phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def citizen_id(self, rng: Random, district: str, birth: date, male: bool) -> str:
        area = _area_code(rng, district, birth)
        while True:
            nid = national_id(area, birth, rng.randrange(1000), male)
            if nid not in self.national_ids:
                self.national_ids.add(nid)
                return nid


def _area_code(rng: Random, district: str, birth: date) -> str:
    u = rng.random()
    if u < 0.42:
        code = DISTRICT_BY_NAME[district].area_code
        return PARENT_AREA_CODE.get(district, code) if birth.year < 1995 else code
    if u < 0.78:
        return rng.choice(GUANGDONG_AREA_CODES)
    return rng.choice(OTHER_AREA_CODES)


@dataclass(slots=True)
class Customer:
    """A generated customer with hidden traits in [0, 1), mostly small: ``stress`` drives
    arrears, ``temper`` complaints; ``contact_window`` is when they like to be visited
    (local minutes); ``row`` is the ``customers`` row."""

    id: int
    customer_no: str
    name: str
    male: bool
    birth: date
    branch_id: int
    district: str
    lat: float
    lon: float
    stress: float
    temper: float
    contact_window: tuple[int, int]
    do_not_visit: bool
    row: dict[str, Any]


def birth_date(rng: Random, as_of: date) -> date:
    age_days = int(365.25 * min(max(rng.gauss(41, 11), 22), 72))
    return as_of - timedelta(days=age_days + rng.randrange(365))


def make_customer(rng: Random, cfg: DemoConfig, ids: IdSequence, reg: Registry,
                  branches: list[Branch], cipher: FieldCipher) -> Customer:
    """One customer: person, home, nearest branch, preferences and sealed personal data."""
    cid = ids.take("customers")
    male = rng.random() < 0.52
    birth = birth_date(rng, cfg.as_of)
    home = sample_home(rng)
    branch = nearest_branch(branches, home.lat, home.lon)
    nid = reg.citizen_id(rng, home.district, birth, male)
    phone = reg.mobile(rng)
    (label, w_start, w_end) = _WINDOWS.pick(rng)
    since = cfg.now_local - timedelta(days=rng.randint(400, 6000), minutes=rng.randint(0, 600))
    customer_no = f"KH{cid:010d}"
    name = person_name(rng, male)
    do_not_visit = rng.random() < 0.006
    row: dict[str, Any] = {
        "id": cid, "customer_no": customer_no, "name": name,
        "gender": "M" if male else "F", "birth_year": birth.year,
        "national_id_enc": cipher.seal(nid), "national_id_index": cipher.blind_index(nid),
        "phone_enc": cipher.seal(phone), "phone_index": cipher.blind_index(phone),
        "address_enc": cipher.seal(home.address), "district": home.district,
        "lat": home.lat, "lon": home.lon, "branch_id": branch.id,
        "preferred_contact_times": label, "do_not_visit": do_not_visit,
        "under_regulator_complaint": False, "quiet_hours_consent": rng.random() < 0.03,
        "created_at": to_utc(since.replace(second=0, microsecond=0)),
    }
    return Customer(
        id=cid, customer_no=customer_no, name=name, male=male, birth=birth,
        branch_id=branch.id, district=home.district, lat=home.lat, lon=home.lon,
        stress=rng.random() ** 6.5, temper=rng.betavariate(1.5, 6.0),
        contact_window=(w_start, w_end), do_not_visit=do_not_visit, row=row,
    )

