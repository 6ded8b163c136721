"""Holiday names in English, from python-holidays, for the closed days a calendar lists.

The calendar engine loads holidays in each country's default language (Russian names for
``RU``); a reader of the site wants English. python-holidays translates most countries
(``language="en_US"``); where it does not, the default name is kept.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import holidays

from policylang.calendar import HolidaySource
from policylang.text.english import date_words

__all__ = ["english_names"]

_ENGLISH = "en_US"
# python-holidays writes substituted days off as "Day off (substituted from 01/03/2026)" in
# en_US month/day/year order; a reader outside the US misreads that, so the date is spelled out.
_SUBSTITUTED = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


@functools.cache
def _year(source: HolidaySource, year: int) -> dict[dt.date, str]:
    probe: Any = holidays.country_holidays(source.country, years=[])
    language = _ENGLISH if _ENGLISH in (probe.supported_languages or ()) else None
    data: Any = holidays.country_holidays(
        source.country, subdiv=source.subdivision, years=[year], language=language
    )
    return {day: str(name) for day, name in data.items() if day.year == year}


def _spell(name: str) -> str:
    def replace(match: re.Match[str]) -> str:
        month, day, year = (int(g) for g in match.groups())
        try:
            moved = dt.date(year, month, day)
        except ValueError:
            return match.group(0)
        return f"moved from {date_words(moved)}"

    return _SUBSTITUTED.sub(replace, name)


def english_names(sources: tuple[HolidaySource, ...], day: dt.date, fallback: str) -> str:
    """The English name(s) of the holiday ``day`` in any of ``sources``, or ``fallback``."""
    names: list[str] = []
    for source in sources:
        found = _year(source, day.year).get(day)
        if found:
            names.extend(part.strip() for part in found.split(";"))
    if not names:
        return fallback
    return "; ".join(dict.fromkeys(_spell(name) for name in names))
