"""Where people live and where the bank is: branches, home locations scattered around
each district's dense areas, street addresses, and the nearest branch."""

from __future__ import annotations

import math
from dataclasses import dataclass
from random import Random
from typing import Any

from doorstep.demo.context import IdSequence
from doorstep.demo.data_places import BRANCH_SITES, DISTRICTS, District
from doorstep.demo.sampling import Weighted

KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON_EQUATOR = 111.32
#: Shenzhen's land, roughly: nothing is placed in the sea or in Hong Kong.
LAT_RANGE = (22.47, 22.86)
LON_RANGE = (113.77, 114.60)

_DISTRICTS = Weighted([(d, d.customers) for d in DISTRICTS])
_CN_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Branch:
    id: int
    code: str
    name: str
    district: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Home:
    district: str
    lat: float
    lon: float
    address: str


def make_branches(ids: IdSequence) -> tuple[list[Branch], list[dict[str, Any]]]:
    """The twelve branches as values and as ``branches`` rows."""
    out: list[Branch] = []
    rows: list[dict[str, Any]] = []
    for site in BRANCH_SITES:
        branch = Branch(ids.take("branches"), site.code, site.name, site.district, site.lat,
                        site.lon)
        out.append(branch)
        rows.append({"id": branch.id, "code": site.code, "name": site.name,
                     "district": site.district, "address": site.address, "lat": site.lat,
                     "lon": site.lon})
    return out, rows


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough within one city."""
    k_lon = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lat2 - lat1) * KM_PER_DEG_LAT, (lon2 - lon1) * k_lon)


_K_LON = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(22.6)) / KM_PER_DEG_LAT


def nearest_branch(branches: list[Branch], lat: float, lon: float) -> Branch:
    """The closest branch (equirectangular at Shenzhen's latitude: ranking is all we need)."""
    best, best_d = branches[0], math.inf
    for b in branches:
        d = (b.lat - lat) ** 2 + ((b.lon - lon) * _K_LON) ** 2
        if d < best_d:
            best, best_d = b, d
    return best


def scatter(rng: Random, lat: float, lon: float, sigma_km: float) -> tuple[float, float]:
    """A point around (lat, lon) with a normal spread of ``sigma_km``, kept on land."""
    k_lon = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat))
    new_lat = lat + rng.gauss(0.0, sigma_km) / KM_PER_DEG_LAT
    new_lon = lon + rng.gauss(0.0, sigma_km) / k_lon
    new_lat = min(max(new_lat, LAT_RANGE[0]), LAT_RANGE[1])
    new_lon = min(max(new_lon, LON_RANGE[0]), LON_RANGE[1])
    return round(new_lat, 6), round(new_lon, 6)


def _estate_address(rng: Random, d: District) -> str:
    road = rng.choice(d.roads)
    number = rng.randint(1, 480) * (10 if rng.random() < 0.3 else 1)
    estate = rng.choice(d.estates)
    floor = rng.randint(2, 33)
    room = f"{floor}{rng.randint(1, 8):02d}室"
    if rng.random() < 0.25:
        tower = "ABCDEFG"[rng.randrange(7)]
        return f"{road}{number}号{estate}{tower}座{room}"
    return f"{road}{number}号{estate}{rng.randint(1, 18)}栋{rng.randint(1, 4)}单元{room}"


def _village_address(rng: Random, d: District) -> str:
    village = rng.choice(d.villages)
    lane = _CN_NUMERALS[rng.randrange(10)]
    return (f"{rng.choice(d.subdistricts)}{village}{lane}坊{rng.randint(1, 40)}巷"
            f"{rng.randint(1, 60)}号{rng.randint(1, 8)}{rng.randint(1, 6):02d}房")


def street_address(rng: Random, d: District) -> str:
    """A full postal address in the district: an estate flat, or a room in an urban village."""
    body = _village_address(rng, d) if rng.random() < 0.18 else _estate_address(rng, d)
    return f"广东省深圳市{d.full_name}{body}"


def sample_home(rng: Random) -> Home:
    """A home weighted by where the bank's customers live, scattered around a dense area."""
    d = _DISTRICTS.pick(rng)
    hub = rng.choice(d.hubs)
    lat, lon = scatter(rng, hub.lat, hub.lon, hub.sigma_km)
    return Home(d.name, lat, lon, street_address(rng, d))
