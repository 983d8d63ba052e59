#!/usr/bin/env python3
"""Generate crates/egov-sign/data/calendar/kz/<year>.json: the Republic of Kazakhstan's
days off (other than Saturdays and Sundays) and working Saturdays/Sundays, one file per year,
each entry with its source.

Data: the PyPI package `holidays` (https://pypi.org/project/holidays/, MIT), class
`holidays.KZ` with its public holidays as the law had them in each year, the Labour Code
carry-over of a holiday falling on a day off (`observed`, SAT_SUN_TO_NEXT_WORKDAY), Kurban
Ait (Eid al-Adha; confirmed dates up to the year the package says, estimated after) and the
government's yearly day-transfer decrees (`KazakhstanStaticHolidays.special_public_holidays`:
(day off, from working day)). The decree links per year come from the package's docstring.

Usage: python3 -m venv /tmp/venv-holidays && /tmp/venv-holidays/bin/pip install holidays==0.109
       /tmp/venv-holidays/bin/python scripts/gen-kz-calendar.py [first_year last_year]
"""
import datetime as dt
import json
import pathlib
import re
import sys

import holidays
from holidays.countries import kazakhstan as kz

LAW = ("Law of the Republic of Kazakhstan of 13 December 2001 No. 267-II \"On holidays in the "
       "Republic of Kazakhstan\", art. 1-2, as in force in {year} "
       "(https://adilet.zan.kz/rus/docs/Z010000267_/history)")
CARRY = ("Labour Code of the Republic of Kazakhstan, art. 85(2) (2015: art. 85 of Code "
         "No. 414-V; earlier art. 85 of Code No. 251-III): a holiday falling on a day off moves "
         "to the next working day")
KURBAN = ("Kurban Ait, first day (Law No. 267-II art. 1, religious holiday, date by the Spiritual "
          "Administration of Muslims of Kazakhstan, set yearly by government decree); "
          "{status} in holidays {version}")


def decree_sources():
    """{year: [url, ...]} from the package's docstring of the special holidays."""
    doc = kz.KazakhstanStaticHolidays.__doc__ or ""
    out, year = {}, None
    for line in doc.splitlines():
        m = re.match(r"\s*\* \[(\d{4})\]\((\S+)\)", line)
        if m:
            out.setdefault(int(m.group(1)), []).append(m.group(2))
            year = None
            continue
        m = re.match(r"\s*\* (\d{4}):\s*$", line)
        if m:
            year = int(m.group(1))
            continue
        m = re.match(r"\s*\* <(\S+)>", line)
        if m and year is not None:
            out.setdefault(year, []).append(m.group(1))
    return out


def strip_archive(url):
    m = re.match(r"https?://web\.archive\.org/web/\d+/(.*)", url)
    return m.group(1) if m else url


def main():
    first, last = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) == 3 else (2015, 2027)
    out_dir = pathlib.Path(__file__).resolve().parent.parent / "crates/egov-sign/data/calendar/kz"
    out_dir.mkdir(parents=True, exist_ok=True)
    decrees = decree_sources()
    special = kz.KazakhstanStaticHolidays.special_public_holidays
    confirmed = kz.KazakhstanIslamicHolidays.EID_AL_ADHA_DATES_CONFIRMED_YEARS_CUSTOM_CALENDAR
    version = holidays.__version__
    for year in range(first, last + 1):
        # Days off and their names; English names for readability, Kazakh as the law's.
        kk = holidays.KZ(years=year, language="kk", islamic_show_estimated=True)
        en = holidays.KZ(years=year, language="en_US", islamic_show_estimated=True)
        transfers = special.get(year, ())
        if transfers and not isinstance(transfers[0], tuple):
            transfers = (transfers,)
        transfer_days = {}
        working = []
        decree = "; ".join(strip_archive(u) for u in decrees.get(year, [])) or "none found"
        for t in transfers:
            off = dt.date(year, t[0], t[1])
            wyear = t[4] if len(t) > 4 else year
            work = dt.date(wyear, t[2], t[3])
            transfer_days[off] = work
            if work.year == year:
                working.append({
                    "date": work.isoformat(),
                    "name": f"working day (day off moved to {off.isoformat()})"
                    + ("" if work.weekday() >= 5 else "; its carried-over day off moved away"),
                    "source": f"Government decree on the transfer of days off in {year}: {decree}",
                })
        # A working day of this year that the next year's decree moved (e.g. 2013-12-28).
        nxt = special.get(year + 1, ())
        if nxt and not isinstance(nxt[0], tuple):
            nxt = (nxt,)
        for t in nxt:
            if len(t) > 4 and t[4] == year:
                ndec = "; ".join(strip_archive(u) for u in decrees.get(year + 1, []))
                working.append({
                    "date": dt.date(year, t[2], t[3]).isoformat(),
                    "name": f"working day (day off moved to {dt.date(year + 1, t[0], t[1])})",
                    "source": f"Government decree on the transfer of days off in {year + 1}: {ndec}",
                })
        days_off = []
        for d in sorted(kk):
            names_kk = kk.get_list(d)
            names_en = en.get_list(d)
            name = "; ".join(f"{a} / {b}" for a, b in zip(names_en, names_kk))
            if d in transfer_days:
                kind = "transfer"
                source = (f"Government decree on the transfer of days off in {year} (from "
                          f"{transfer_days[d].isoformat()}): {decree}")
            elif any("Eid al-Adha" in n for n in names_en):
                kind = "religious"
                status = ("confirmed" if confirmed[0] <= year <= confirmed[1]
                          or year in kz.KazakhstanIslamicHolidays.EID_AL_ADHA_DATES_CUSTOM_CALENDAR
                          else "estimated (Islamic calendar; check the government's decree)")
                source = KURBAN.format(status=status, version=version)
            elif any("observed" in n for n in names_en):
                kind = "carried_over"
                source = CARRY
            else:
                kind = "holiday"
                source = LAW.format(year=year)
            days_off.append({"date": d.isoformat(), "name": name, "kind": kind,
                             "source": source})
        doc = {
            "country": "KZ",
            "year": year,
            "generated_by": f"scripts/gen-kz-calendar.py from the PyPI package holidays {version} "
                            "(holidays.KZ)",
            "days_off": days_off,
            "working_days": working,
        }
        path = out_dir / f"{year}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(path, len(days_off), "days off,", len(working), "working weekend days")


if __name__ == "__main__":
    main()
