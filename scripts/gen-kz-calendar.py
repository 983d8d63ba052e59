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

Reviewed on top of the package (this script, never the JSON by hand):
* KURBAN_CONFIRMED: Kurban Ait dates the Spiritual Administration of Muslims of Kazakhstan
  (ДУМК) announced, with the press report that carries them (replace the package's estimate);
* EXTRA_DAYS_OFF / REMOVED_DAYS_OFF / EXTRA_WORKING_DAYS: corrections with their sources;
* CHECKED: per year, what the year was checked against (URL and date), written to the file's
  `checked_against`;
* PROVISIONAL: years whose decree (or Kurban Ait date) could not be found: the file says
  `"provisional": "<why>"` and the library reports a deadline counted over such a year
  (CALENDAR_PROVISIONAL).

Outputs: <year>.json (the reviewed source of truth: every entry with its source) and
compact.rs (what the library embeds, a Rust constant: per year the weekdays that are days off
and the Saturdays/Sundays that are working days, plus `provisional`; a unit test checks that it
says exactly what the year files say).

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
KURBAN_BASE = ("Kurban Ait, first day (Law No. 267-II art. 1, religious holiday, date by the "
               "Spiritual Administration of Muslims of Kazakhstan, set yearly by government "
               "decree)")
KURBAN = KURBAN_BASE + "; {status} in holidays {version}"


# --- reviewed overrides (each with its source) ---------------------------------------------

# Kurban Ait (first day) as ДУМК announced it; the package's date must be the same or is
# replaced. ДУМК warns a date may move by one day with the new moon (2024: announced 17 June,
# held 16 June).
KURBAN_CONFIRMED = {
    2026: ("2026-05-27",
           "ДУМК calendar of religious dates for 2026, published on muftyat.kz on 6 November "
           "2025: Kurban Ait 27-29 May 2026 (https://www.zakon.kz/obshestvo/6496885-"
           "ramazan2026-oraza-i-kurban-ayt-opublikovan-kalendar-musulmanskikh-prazdnikov-v-"
           "kazakhstane.html, 2025-11-06; https://kazpravda.kz/n/dumk-obyavilo-daty-"
           "musulmanskih-prazdnikov-na-2026-god/, 2026-01-14; no later shift found)"),
}

# {year: {"YYYY-MM-DD": (name, kind, source)}} / {year: {"YYYY-MM-DD": source}}.
EXTRA_DAYS_OFF = {}
REMOVED_DAYS_OFF = {}
EXTRA_WORKING_DAYS = {}

CONSTITUTION_2026 = (
    "Constitution Day: the new Constitution adopted at the referendum of 15 March 2026 (in "
    "force 1 July 2026, art. 94: the day of its adoption is the state holiday) moved it from "
    "30 August to 15 March, first celebrated in 2027; 30 August 2026 (Sunday) is no holiday and "
    "Monday 31 August 2026 a working day (Law No. 267-II as amended in 2026, "
    "https://web.archive.org/web/20260710112450/https://adilet.zan.kz/kaz/docs/Z010000267_/history, "
    "archived 2026-07-10, as cited by holidays PR https://github.com/vacanza/holidays/pull/3690 "
    "of 2026-07-10; Ministry of Labour (МТСЗН) via https://taspanews.kz/novosti-kazakhstana/"
    "v-etom-godu-u-kazakhstantsev-ne-budet-odnogo-vykhodnogo-795514517615, 2026-03-18; "
    "draft art. 94: https://qazinform.com/news/kazakhstan-may-change-date-of-constitution-day-"
    "0a2f07, 2026-02-12). The egov.kz calendar published in January 2026 "
    "(https://www.inform.kz/ru/kak-budut-otdihat-kazahstantsi-v-2026-godu-947dd6, 2026-01-02) "
    "still listed 31 August as the carried-over day off: superseded")

CHECKED = {
    2019: [
        "Government decree P1800000888, 2018 No. 888 (4 May -> 10 May 2019): "
        "https://adilet.zan.kz/kaz/docs/P1800000888",
        "egov.kz calendar 2019 (23 Mar -> 25 Mar, 6 Jul -> 8 Jul, 1 Dec -> 2 Dec, 16-17 Dec, "
        "Kurban Ait 11 Aug): https://kokshetau.online/kalendar-prazdnichnyh-vyhodnyh-dnej-v-"
        "kazahstane-na-2019-god",
    ],
    2023: [
        "Government decree P2300000326, 2023 No. 326 (1 Jul -> 7 Jul): "
        "https://adilet.zan.kz/kaz/docs/P2300000326; "
        "government press service via https://forbes.kz/news/newsid_300087/amp, 2023-04-28",
        "Kurban Ait 28 June 2023: https://sn.kz/sn-akparat-agyny/103060-ku-rban-ait-pen-astana-"
        "kuni-kazakstandyktar-kalai-demalatyny-belgili-boldy/amp",
    ],
    2024: [
        "Decree G24G0000109 (4 May -> 8 May): https://adilet.zan.kz/kaz/docs/G24G0000109; draft "
        "text via https://alataunews.kz/ru/novosti/kak-budut-otdyhat-kazahstanczy-na-majskie-"
        "prazdniki-s-uchetom-perenosa-vyhodnyh-dnej",
        "Kurban Ait 16 June 2024 (Sunday, not carried over; ДУМК moved it from 17 June): "
        "https://qazaqstan.tv/news/194945",
    ],
    2026: [
        CONSTITUTION_2026,
        "No transfer decree for 2026 found: the egov.kz calendar of January 2026 lists only the "
        "carry-overs of the law (9 Mar, 24-25 Mar, 11 May, 26 Oct) "
        "(https://www.inform.kz/ru/kak-budut-otdihat-kazahstantsi-v-2026-godu-947dd6, "
        "2026-01-02; https://alau.kz/perenosy-vyhodnyh-prazdnichnyj-kalendar-kazahstana-na-"
        "2026-god/, 2026-01-02); January 2026: 1-2 Jan days off, no transfer "
        "(https://alau.kz/novyj-god-2026-utverzhdjon-oficialnyj-kalendar-vyhodnyh/, 2025-11-19)",
    ],
    2027: [
        "Constitution Day on 15 March from 2027 (new Constitution art. 94; see 2026.json's "
        "checked_against): https://taspanews.kz/novosti-kazakhstana/v-etom-godu-u-"
        "kazakhstantsev-ne-budet-odnogo-vykhodnogo-795514517615, 2026-03-18; "
        "https://web.archive.org/web/20260710112450/https://adilet.zan.kz/kaz/docs/"
        "Z010000267_/history, archived 2026-07-10",
    ],
}

# Years whose government transfer decree or Kurban Ait date was not found (searched
# 2026-12-04): the data is the law's list with its carry-overs and an estimated Kurban Ait.
PROVISIONAL = {
    2027: ("no government decree on the transfer of days off in 2027 and no ДУМК date for "
           "Kurban Ait 2027 found (searched 2026-12-04); Kurban Ait estimated (16 May 2027, a "
           "Sunday) by holidays; days off by the law as amended in 2026 with its carry-overs"),
}


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
    compact = []
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
        kurban = KURBAN_CONFIRMED.get(year)
        removed = REMOVED_DAYS_OFF.get(year, {})
        for d in sorted(kk):
            if d.isoformat() in removed:
                continue
            names_kk = kk.get_list(d)
            names_en = en.get_list(d)
            name = "; ".join(f"{a} / {b}" for a, b in zip(names_en, names_kk))
            if d in transfer_days:
                kind = "transfer"
                source = (f"Government decree on the transfer of days off in {year} (from "
                          f"{transfer_days[d].isoformat()}): {decree}")
            elif any("Eid al-Adha" in n for n in names_en):
                kind = "religious"
                if kurban is not None:
                    # ДУМК's date replaces the package's (estimated) one.
                    d = dt.date.fromisoformat(kurban[0])
                    name = "Eid al-Adha / Құрбан айт"
                    source = KURBAN_BASE + "; " + kurban[1]
                else:
                    status = ("confirmed" if confirmed[0] <= year <= confirmed[1]
                              or year in
                              kz.KazakhstanIslamicHolidays.EID_AL_ADHA_DATES_CUSTOM_CALENDAR
                              else "estimated (Islamic calendar; check the government's "
                              "decree)")
                    source = KURBAN.format(status=status, version=version)
            elif any("observed" in n for n in names_en):
                kind = "carried_over"
                source = CARRY
            else:
                kind = "holiday"
                source = LAW.format(year=year)
            days_off.append({"date": d.isoformat(), "name": name, "kind": kind,
                             "source": source})
        for date, (name, kind, source) in EXTRA_DAYS_OFF.get(year, {}).items():
            days_off.append({"date": date, "name": name, "kind": kind, "source": source})
        for date, (name, source) in EXTRA_WORKING_DAYS.get(year, {}).items():
            working.append({"date": date, "name": name, "source": source})
        days_off.sort(key=lambda e: e["date"])
        working.sort(key=lambda e: e["date"])
        off_dates = [e["date"] for e in days_off]
        assert len(set(off_dates)) == len(off_dates), f"{year}: a day off twice"
        assert not set(off_dates) & {e["date"] for e in working}, f"{year}: off and working"
        doc = {
            "country": "KZ",
            "year": year,
            "generated_by": f"scripts/gen-kz-calendar.py from the PyPI package holidays {version} "
                            "(holidays.KZ) and the script's reviewed overrides",
        }
        if year in PROVISIONAL:
            doc["provisional"] = PROVISIONAL[year]
        if year in CHECKED:
            doc["checked_against"] = CHECKED[year]
        doc["days_off"] = days_off
        doc["working_days"] = working
        path = out_dir / f"{year}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(path, len(days_off), "days off,", len(working), "working weekend days")
        compact.append(compact_year(doc))
    write_compact(out_dir / "compact.rs", compact, version)


def is_weekend(iso):
    return dt.date.fromisoformat(iso).weekday() >= 5


def compact_year(doc):
    """The year as the library embeds it: only what changes "Monday to Friday"."""
    def md(iso):
        d = dt.date.fromisoformat(iso)
        return f"({d.month}, {d.day})"
    off = [md(e["date"]) for e in doc["days_off"] if not is_weekend(e["date"])]
    work = [md(e["date"]) for e in doc["working_days"] if is_weekend(e["date"])]
    prov = doc.get("provisional")
    return (f"    ({doc['year']}, &[{', '.join(off)}], &[{', '.join(work)}], "
            + (f"Some({json.dumps(prov, ensure_ascii=False)})" if prov else "None") + "),")


def write_compact(path, years, version):
    text = "\n".join([
        f"// Generated by scripts/gen-kz-calendar.py (holidays {version}) from the year files",
        "// <year>.json next to it, which hold the source of every entry: do not edit. Per year:",
        "// (year, weekdays that are days off, Saturdays/Sundays that are working days, why the",
        "// year is provisional), days as (month, day). Embedded by src/document/calendar.rs.",
        "&[",
        *years,
        "]",
    ])
    path.write_text(text + "\n", encoding="utf-8")
    print(path, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
