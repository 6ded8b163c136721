"""Validation against the outside world's registries: IANA zones and python-holidays."""

from __future__ import annotations

import functools
import zoneinfo

import holidays

from policylang.lang import ast
from policylang.lang.analysis.context import Context
from policylang.text.suggestions import closest

__all__ = ["HOST_ZONES", "check_holidays", "check_zone", "holiday_countries", "known_zones"]

#: Names in the tz database whose meaning is whatever the machine's administrator made it:
#: ``localtime`` is the host's own zone, ``posixrules`` the host's default rules. A policy in
#: one of them would answer differently on every server it runs on.
HOST_ZONES = frozenset({"localtime", "posixrules"})


@functools.cache
def known_zones() -> frozenset[str]:
    """Every IANA zone name this machine's tz database knows, but those of `HOST_ZONES`."""
    return frozenset(zoneinfo.available_timezones()) - HOST_ZONES


@functools.cache
def holiday_countries() -> dict[str, tuple[str, ...]]:
    """Country codes python-holidays supports, each with its subdivision codes."""
    supported: dict[str, list[str]] = holidays.list_supported_countries()
    return {code: tuple(subdivisions) for code, subdivisions in supported.items()}


def check_zone(ctx: Context, zone: ast.Text) -> None:
    """Report a time zone the tz database does not know (``Moscow`` -> ``Europe/Moscow``)."""
    name = zone.value
    if name in HOST_ZONES:
        ctx.error(
            "PL419",
            f"the time zone `{name}` means whatever zone the machine is set to",
            zone.span,
            "name the zone the source document's hours are in, e.g. `Europe/Moscow`",
        )
        return
    if name in known_zones():
        return
    suggestion = closest(name, known_zones()) or _by_city(name)
    help_text = (
        f"did you mean `{suggestion}`?"
        if suggestion
        else "use an IANA zone name such as `Europe/Moscow` or `Asia/Ho_Chi_Minh`"
    )
    ctx.error("PL401", f"unknown time zone `{name}`", zone.span, help_text)


def _by_city(name: str) -> str | None:
    """``Moscow`` -> ``Europe/Moscow``: match the city part of zone names."""
    folded = name.replace(" ", "_").casefold()
    cities = {z.rsplit("/", 1)[-1].casefold(): z for z in known_zones() if "/" in z}
    match = closest(folded, cities)
    return cities[match] if match else None


def check_holidays(ctx: Context, statement: ast.Holidays) -> None:
    """Report a country or subdivision python-holidays does not provide."""
    countries = holiday_countries()
    code = statement.country.value
    if code not in countries:
        ctx.unknown(
            "PL402",
            "holiday country",
            statement.country,
            countries,
            "use an ISO 3166-1 alpha-2 code that python-holidays supports, e.g. `RU`, `VN`, `MX`",
        )
        return
    if statement.subdivision is None:
        return
    subdivisions = countries[code]
    wanted = statement.subdivision.value
    if wanted in subdivisions:
        return
    suggestion = closest(wanted, subdivisions)
    if suggestion:
        help_text = f"did you mean `{suggestion}`?"
    elif subdivisions:
        help_text = (
            f"{code} subdivisions: "
            + ", ".join(subdivisions[:20])
            + (", ..." if len(subdivisions) > 20 else "")
        )
    else:
        help_text = f"python-holidays has no subdivisions for {code}; drop `subdivision`"
    ctx.error(
        "PL403",
        f"unknown subdivision `{wanted}` of {code}",
        statement.subdivision.span,
        help_text,
    )
