"""Synthetic fact bases: a valid briefing of any size, shaped like a real one, for benchmarks.

`synthesise(n, seed)` returns {facts-relative path: YAML text} for N actors, N/10 systems,
N/2 deals, 2N events, 5N quotes, N/20 disputes and N/5 sources, the same for the same
seed. Actors, systems, deals, disputes and sources get a file each; events and quotes sit
in list files, one per reporting source, as editors keep them. Every feature of the model
is used somewhere: versions from several sources that differ, status histories with
expected stages, roles with dates, aliases with and without accents, partial dates and
spans, amounts and counts exact, hedged and ranged, amounts with the source's conversion,
statements with and without their own sources, positions with quotes. A few
records are mentioned far more than others, as the main parties of a real story are.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import yaml

from briefing.folding import fold
from briefing.models import Qualifier

MIN_SCALE = 20
"""The fewest actors a synthetic briefing can have and still hold every kind of record."""

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _FactDumper(_Dumper):  # type: ignore[misc]
    """Dump YAML as editors write it: block mappings, short lists of names on one line."""


def _represent_list(dumper: Any, data: list[Any]) -> Any:
    flow = all(isinstance(item, str) for item in data) and sum(map(len, data)) < 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_FactDumper.add_representer(list, _represent_list)

_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]
_STEM_SPACE = len(_SYLLABLES) ** 3
_GIVEN = (
    "Ana", "Boris", "Chen", "Dalia", "Emre", "Farid", "Greta", "Hana", "Ilya", "Jonas",
    "Karin", "Leila", "Marek", "Nadia", "Omar", "Petra", "Rafael", "Selin", "Tomas", "Ugo",
    "Vera", "Wen", "Yusuf", "Zeynep",
)  # fmt: skip
_OFFICES = (
    "Ministry of Defence",
    "Ministry of Foreign Affairs",
    "Defence Procurement Agency",
    "Presidency",
    "Parliament",
    "General Staff",
    "Treasury",
    "Export Control Office",
)
_TITLES = (
    "Minister",
    "Deputy Minister",
    "Spokesperson",
    "Director",
    "Chief Executive",
    "Ambassador",
    "Chair",
    "Under-Secretary",
)
_SYSTEM_KINDS = (
    "air defence system",
    "fighter aircraft",
    "attack helicopter",
    "frigate",
    "main battle tank",
    "radar",
    "cruise missile",
    "drone",
)
_VERBS = ("visits", "meets", "announces", "warns", "signs", "rejects", "confirms", "tests")
_LANGUAGES = ("en", "en", "en", "fr", "de", "tr", "ru", "pt-BR")
_CURRENCIES = ("USD", "USD", "EUR", "RUB", "TRY")
_STAGES = ("reported", "negotiating", "offered", "approved", "signed", "in-production")
_FIRST_YEAR, _LAST_YEAR = 2000, 2024
_VERIFIED = ("2024-11-21", "2024-12-02", "2025-01-15")


def _stem(index: int) -> str:
    """Return a made-up word unique to index, such as 'Kavoro'."""
    # An affine map spreads neighbouring indexes over the syllables.
    number = (index * 7919 + 104_729) % _STEM_SPACE
    parts = []
    for _ in range(3):
        number, digit = divmod(number, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    return "".join(parts).capitalize()


def _slug(text: str) -> str:
    """Return text as an id: lowercase ASCII letters and digits joined by hyphens."""
    plain = fold(text)
    return "-".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def _accented(name: str) -> str:
    """Return name with its first 'e' or 'a' accented, as another spelling of it."""
    for plain, accent in (("e", "é"), ("a", "á"), ("o", "ö")):
        if plain in name:
            return name.replace(plain, accent, 1)
    return name + "é"


class _Synth:
    """Build one synthetic fact base from a seeded random generator."""

    def __init__(self, scale: int, seed: int) -> None:
        self.n = scale
        self.rng = random.Random(seed)
        self.ids: set[str] = set()
        self.files: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.actors: dict[str, list[str]] = {}
        self.sources: list[str] = []
        self.dates: dict[str, str] = {}
        self.systems: list[str] = []
        self.deals: list[str] = []
        self.events: list[str] = []
        self.quotes_by: dict[str, list[str]] = {}
        self.disputes: list[str] = []

    # --- helpers ----------------------------------------------------------------------

    def new_id(self, text: str) -> str:
        """Return text as an id, checking it is new."""
        id = _slug(text)[:64].rstrip("-")
        if id in self.ids:
            raise AssertionError(f"synthetic id '{id}' made twice")
        self.ids.add(id)
        return id

    def chance(self, probability: float) -> bool:
        """Return True with the given probability."""
        return self.rng.random() < probability

    def pick(self, pool: Sequence[str], hubs: int = 3) -> str:
        """Return an item of pool, the first `hubs` far more often, as in a real story."""
        if hubs and self.chance(0.3):
            return pool[self.rng.randrange(min(hubs, len(pool)))]
        return pool[self.rng.randrange(len(pool))]

    def some(self, pool: Sequence[str], low: int, high: int, hubs: int = 3) -> list[str]:
        """Return between low and high distinct items of pool."""
        wanted = self.rng.randint(low, high)
        chosen: dict[str, None] = {}
        for _ in range(wanted * 3):
            if len(chosen) >= wanted:
                break
            chosen[self.pick(pool, hubs)] = None
        return list(chosen)

    def any_actor(self) -> str:
        """Return an actor of any kind."""
        kinds = [kind for kind, ids in self.actors.items() if ids]
        return self.pick(self.actors[self.rng.choice(kinds)])

    def day(self, year: int | None = None) -> str:
        """Return a calendar day, in a given year or any year of the story."""
        year = year or self.rng.randint(_FIRST_YEAR, _LAST_YEAR)
        return f"{year:04d}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def date(self, year: int | None = None) -> str:
        """Return a partial date: mostly a day, sometimes a month, a year, about or a span."""
        year = year or self.rng.randint(_FIRST_YEAR, _LAST_YEAR - 1)
        month = self.rng.randint(1, 12)
        roll = self.rng.random()
        if roll < 0.6:
            return self.day(year)
        if roll < 0.75:
            return f"{year:04d}-{month:02d}"
        if roll < 0.82:
            return f"{year:04d}"
        if roll < 0.9:
            return f"{year:04d}-{month:02d}~"
        end = month + self.rng.randint(1, 6)
        end_year, end_month = year + (end - 1) // 12, (end - 1) % 12 + 1
        return f"{year:04d}-{month:02d}/{end_year:04d}-{end_month:02d}"

    def year_of(self, source: str) -> int:
        """Return the year a source was published, to date what it reports near it."""
        return max(int(self.dates[source][:4]), _FIRST_YEAR + 1)

    def reported_year(self, sources: list[str]) -> int:
        """Return a year to date what sources report: before any of them was published."""
        # Two years back, so that a span of up to six months still ends before them.
        return min(self.year_of(source) for source in sources) - 2

    def cite(self, around: str | None = None, most: int = 3) -> list[str]:
        """Return one to `most` source ids, starting with `around` when given."""
        cited = dict.fromkeys([around] if around else [])
        cited.update(dict.fromkeys(self.some(self.sources, 1, most, hubs=0)))
        return list(cited)[:most]

    def versions(self, values: list[Any], sources: list[str], note: str) -> Any:
        """Return a bare value, or versions from different sources when they differ."""
        if len(values) == 1 or len(sources) < 2 or self.chance(0.7):
            return values[0]
        return [
            {"value": value, "sources": [source], "note": f"{note} ({source})"}
            for value, source in zip(values, sources, strict=False)
        ]

    def quantity(self, count: int) -> Any:
        """Return a count: mostly exact, some hedged ("about 36"), some a range."""
        if self.chance(0.2):
            return {"qualifier": self.rng.choice(list(Qualifier)).value, "count": count}
        if self.chance(0.1):
            return {"min": count, "max": count + self.rng.randint(1, 10)}
        return count

    def money(self, amount: int, currency: str) -> dict[str, Any]:
        """Return an amount: mostly exact, some hedged or a range, some with a conversion."""
        money: dict[str, Any] = {"amount": amount, "currency": currency}
        if self.chance(0.15):
            money = {"min": amount, "max": amount * 2, "currency": currency}
        elif self.chance(0.15):
            money = {"qualifier": self.rng.choice(list(Qualifier)).value, **money}
        if currency != "USD" and self.chance(0.2):
            money["conversion"] = {"amount": amount * 11 // 10, "currency": "USD"}
        return money

    def statements(self, sources: list[str], low: int = 0, high: int = 3) -> list[Any]:
        """Return statements, some held by an actor, some with their own sources."""
        found = []
        for _ in range(self.rng.randint(low, high)):
            by = self.any_actor() if self.chance(0.5) else None
            statement: dict[str, Any] = {"text": self.sentence(by)}
            if by:
                statement["by"] = by
            if self.chance(0.5):
                statement["sources"] = [self.rng.choice(sources)]
            found.append(statement)
        return found

    def sentence(self, by: str | None = None) -> str:
        """Return a plain sentence of the kind sources report."""
        who = self.names[by] if by else "Officials"
        what = self.rng.choice(
            (
                "the talks would continue after the summer",
                "the offer was final and would not be improved",
                "no decision had been taken on the purchase",
                "the system posed no threat to the alliance's aircraft",
                'the deal was "done" & would not be reversed',
                "sanctions could follow if the delivery went ahead",
                "a technical working group could settle the concerns <within weeks>",
            )
        )
        return f"{who} said {what}."

    def summary(self, name: str) -> str:
        """Return a short Markdown summary, at times with a list, stray markup or a reference."""
        text = f"*{name}* appears in the reporting on the arms deals of the region."
        if self.chance(0.2):
            text += "\n\n- named in several deals\n- quoted by the press"
        if self.chance(0.05):
            # The latest source, so that the reference takes nothing from the random stream.
            cited = f", as [[{self.sources[-1]}]] reports" if self.sources else ""
            text += f" Critics call it <b>reckless</b>{cited}."
        return text

    def record(self, base: dict[str, Any], sources: list[str]) -> dict[str, Any]:
        """Return a record with its sources and, most often, the day it was verified."""
        base["sources"] = sources
        if self.chance(0.8):
            base["verified"] = self.rng.choice(_VERIFIED)
        return base

    def emit(self, kind: str, path: str, data: Any, comment: str = "") -> None:
        """Add a fact file holding data, with its schema comment."""
        header = f"# yaml-language-server: $schema=../schema/{kind}.schema.json\n"
        if comment:
            header += f"# {comment}\n"
        text = yaml.dump(
            data,
            Dumper=_FactDumper,
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=False,
        )
        self.files[path] = header + text

    # --- kinds ------------------------------------------------------------------------

    def build(self) -> dict[str, str]:
        """Return every fact file."""
        n = self.n
        self.make_media_and_sources(max(2, n // 20), max(3, n // 5))
        self.make_actors(n - max(2, n // 20))
        self.make_systems(max(2, n // 10))
        self.make_deals(max(2, n // 2))
        self.disputes = [self.new_id(f"dispute {index + 1}") for index in range(max(1, n // 20))]
        self.make_events(2 * n)
        self.make_quotes(5 * n)
        self.make_disputes()
        return dict(sorted(self.files.items()))

    def make_media_and_sources(self, media: int, sources: int) -> None:
        """Make the outlets first: sources name them as publishers and credit them."""
        outlets = []
        for index in range(media):
            stem = _stem(index)
            name = self.rng.choice((f"The {stem} Courier", f"{stem} News Agency", f"{stem} Times"))
            id = self.new_id(name)
            self.names[id] = name
            outlets.append(id)
        self.actors["media"] = outlets
        for index in range(sources):
            outlet = outlets[index % len(outlets)]
            published = self.date() if self.chance(0.15) else self.day()
            id = self.new_id(f"{outlet} {published.replace('/', ' ').rstrip('~')} {index}")
            source: dict[str, Any] = {
                "id": id,
                "title": f"{self.names[outlet]} report {index + 1} on the arms talks",
                "publisher": self.names[outlet],
                "published": published,
                "language": self.rng.choice(_LANGUAGES),
            }
            if self.chance(0.6):
                source["author"] = f"{self.rng.choice(_GIVEN)} {_stem(_STEM_SPACE // 2 + index)}"
            if len(published) != 10:
                source["dating"] = "The article is undated; bounded by the events it reports."
            if self.chance(0.8):
                source["url"] = f"https://news.example.org/{id}"
            if self.chance(0.5):
                source["archive"] = f"{id}.txt"
            if self.chance(0.3):
                source["relies_on"] = self.some(outlets, 1, 2, hubs=0)
            if self.chance(0.7):
                source["verified"] = self.rng.choice(_VERIFIED)
            self.sources.append(id)
            self.dates[id] = published
            self.emit("source", f"sources/{id}.yml", source)

    def make_actors(self, count: int) -> None:
        """Make states, alliances, bodies, organisations, companies, groups and people."""
        plan = {
            "state": max(2, count // 50),
            "alliance": max(1, count // 500),
            "government-body": max(1, count // 20),
            "organisation": max(1, count // 20),
            "company": max(2, count // 10),
            "armed-group": max(1, count // 50),
            "group": max(1, count // 100),
        }
        plan["person"] = max(1, count - sum(plan.values()))
        stem_index = len(self.actors["media"])
        for kind, number in plan.items():
            self.actors[kind] = []
            for index in range(number):
                stem = _stem(stem_index)
                stem_index += 1
                self.make_actor(kind, index, stem)
        # Media outlets are actors too; their files come last so sources can name them.
        for id in self.actors["media"]:
            self.write_actor(id, "media", self.names[id], country=self.pick(self.actors["state"]))

    def make_actor(self, kind: str, index: int, stem: str) -> None:
        """Make one actor of a kind, named after its stem."""
        states = self.actors["state"]
        aliases: list[str] = []
        country = parent = None
        if kind == "state":
            name, aliases = f"{stem}ia", [f"Republic of {stem}ia"]
        elif kind == "alliance":
            name, aliases = f"{stem} Pact", [f"{stem} Treaty Organisation"]
        elif kind == "government-body":
            country = states[index % len(states)]
            round_ = index // len(states)
            office = _OFFICES[round_] if round_ < len(_OFFICES) else f"{stem} Office"
            name = f"{self.names[country]} {office}"
        elif kind == "organisation":
            name = f"{stem} {self.rng.choice(('Institute', 'Foundation', 'Council'))}"
        elif kind == "company":
            name = f"{stem} {self.rng.choice(('Dynamics', 'Aerospace', 'Systems', 'Arms'))}"
            aliases, country = [f"{stem} Group"], self.pick(states)
        elif kind == "armed-group":
            name, aliases = f"{stem} Liberation Front", [f"{stem} Front"]
        elif kind == "group":
            name = f"{stem} Working Group"
        else:
            given = self.rng.choice(_GIVEN)
            name = f"{given} {stem}"
            aliases = [f"{given[0]}. {stem}", stem, _accented(name)]
            country = self.pick(states)
            bodies = self.actors["government-body"] + self.actors["company"]
            parent = self.pick(bodies) if self.chance(0.5) else None
        id = self.new_id(name)
        self.names[id] = name
        self.actors[kind].append(id)
        if kind in ("organisation", "armed-group", "group", "government-body") and not country:
            country = self.pick(states) if self.chance(0.6) else None
        self.write_actor(id, kind, name, aliases, country, parent)

    def write_actor(
        self,
        id: str,
        kind: str,
        name: str,
        aliases: list[str] | None = None,
        country: str | None = None,
        parent: str | None = None,
    ) -> None:
        """Write one actor's file."""
        sources = self.cite()
        actor: dict[str, Any] = {"id": id, "name": name, "kind": kind}
        if aliases and self.chance(0.7):
            actor["aliases"] = aliases
        if country and country != id:
            actor["country"] = country
        if parent:
            actor["parent"] = parent
        if self.chance(0.4):
            actor["summary"] = self.summary(name)
        if kind == "person":
            actor["roles"] = self.roles(sources, country or self.actors["state"][0])
        statements = self.statements(sources)
        if statements:
            actor["statements"] = statements
        self.emit("actor", f"actors/{id}.yml", self.record(actor, sources))

    def roles(self, sources: list[str], country: str) -> list[Any]:
        """Return a person's roles: dated, open-ended, or as of a source's date."""
        roles = []
        year = self.rng.randint(_FIRST_YEAR, _LAST_YEAR - 4)
        for _ in range(self.rng.randint(1, 3)):
            role: dict[str, Any] = {"title": self.rng.choice(_TITLES)}
            if self.chance(0.8):
                role["organisation"] = country
            if self.chance(0.7):
                role["start"] = str(year)
                year = min(year + self.rng.randint(1, 3), _LAST_YEAR)
                if self.chance(0.6):
                    role["end"] = f"{year:04d}-{self.rng.randint(1, 12):02d}"
            else:
                role["as_of"] = self.date()
            if self.chance(0.5):
                role["sources"] = [self.rng.choice(sources)]
            roles.append(role)
        return roles

    def make_systems(self, count: int) -> None:
        """Make weapons systems with their makers and origin."""
        for index in range(count):
            stem = _stem(_STEM_SPACE - 1 - index)
            number = 100 + 7 * index
            name = f"{stem}-{number}"
            id = self.new_id(name)
            self.names[id] = name
            self.systems.append(id)
            sources = self.cite()
            system: dict[str, Any] = {
                "id": id,
                "name": name,
                "aliases": [f"{stem.upper()}-{number}", f"{stem} {number}"],
                "kind": self.rng.choice(_SYSTEM_KINDS),
                "manufacturer": self.some(self.actors["company"], 1, 2),
                "origin": self.pick(self.actors["state"]),
            }
            if self.chance(0.6):
                system["summary"] = self.summary(name)
            statements = self.statements(sources, 1, 4)
            if statements:
                system["statements"] = statements
            self.emit("system", f"systems/{id}.yml", self.record(system, sources))

    def make_deals(self, count: int) -> None:
        """Make deals with items, values, status histories and conditions."""
        states = self.actors["state"]
        for index in range(count):
            system = self.pick(self.systems)
            buyer = self.pick(states)
            seller = self.pick([s for s in self.some(states, 2, 2) if s != buyer] or states[:1])
            if seller == buyer:
                seller = next(s for s in states if s != buyer)
            id = self.new_id(f"{system} for {buyer} {index + 1}")
            title = f"{self.names[buyer]}'s purchase of the {self.names[system]}"
            self.names[id] = title
            self.deals.append(id)
            sources = self.cite(most=4)
            deal: dict[str, Any] = {
                "id": id,
                "title": title,
                "system": system,
                "seller": seller,
                "buyer": buyer,
            }
            if self.chance(0.5):
                deal["participants"] = [
                    {
                        "actor": self.pick(self.actors["company"]),
                        "role": "prime contractor",
                        "sources": [sources[0]],
                    }
                ]
            quantity = self.rng.randint(2, 48)
            deal["items"] = [
                {
                    "name": f"{self.names[system]} units",
                    "quantity": self.versions(
                        [self.quantity(quantity), quantity + self.rng.randint(0, 4)],
                        sources,
                        "as reported",
                    ),
                }
            ]
            amount = self.rng.randint(1, 90) * 100_000_000
            currency = self.rng.choice(_CURRENCIES)
            amounts = [amount, amount if self.chance(0.5) else amount + 500_000_000]
            deal["value"] = self.versions(
                [self.money(a, currency) for a in amounts], sources, "as reported"
            )
            deal["status"] = self.status(sources)
            if self.chance(0.4):
                by = self.rng.choice([buyer, seller])
                deal["conditions"] = [
                    {"text": "Delivery waits on an export licence.", "by": by},
                ]
            if self.chance(0.5):
                deal["summary"] = self.summary(title)
            statements = self.statements(sources)
            if statements:
                deal["statements"] = statements
            self.emit("deal", f"deals/{id}.yml", self.record(deal, sources))

    def status(self, sources: list[str]) -> list[Any]:
        """Return a status history in order, ending now and then in an expected stage."""
        history = []
        year = self.rng.randint(_FIRST_YEAR, _LAST_YEAR - 5)
        stages = sorted(self.rng.sample(range(len(_STAGES)), self.rng.randint(1, 4)))
        for stage in stages:
            year += 1  # a stage a year keeps the history in order whatever the precision
            change: dict[str, Any] = {
                "status": _STAGES[stage],
                "date": self.versions([self.date(year), self.date(year)], sources, "dated"),
            }
            if self.chance(0.3):
                change["note"] = "The sources give this stage without detail."
            if self.chance(0.5):
                change["sources"] = [self.rng.choice(sources)]
            history.append(change)
        ending = self.rng.random()
        if ending < 0.2:
            history.append({"status": "delivered", "expected": True, "date": str(_LAST_YEAR)})
        elif ending < 0.3:
            history.append({"status": self.rng.choice(("cancelled", "rejected"))})
        return history

    def make_events(self, count: int) -> None:
        """Make dated events, in one list file per reporting source."""
        by_source: dict[str, list[Any]] = {}
        for index in range(count):
            source = self.sources[index % len(self.sources)]
            lead = self.any_actor()
            verb = self.rng.choice(_VERBS)
            id = self.new_id(f"{lead} {verb} {index + 1}")
            title = f"{self.names[lead]} {verb} over the arms talks"
            self.names[id] = title
            self.events.append(id)
            sources = self.cite(source, 2)
            year = self.reported_year(sources)
            event: dict[str, Any] = {
                "id": id,
                "title": title,
                "date": self.versions([self.date(year), self.date(year - 1)], sources, "dated"),
            }
            if self.chance(0.3):
                event["place"] = f"{_stem(index % 997)} City"
            event["actors"] = [lead, *self.some(self.actors["state"], 0, 2)]
            event["actors"] = list(dict.fromkeys(event["actors"]))
            if self.chance(0.5):
                event["systems"] = self.some(self.systems, 1, 2)
            if self.chance(0.5):
                event["deals"] = self.some(self.deals, 1, 2)
            if self.chance(0.3):
                event["summary"] = self.summary(title)
            if self.chance(0.1):
                event["statements"] = self.statements(sources, 1, 1)
            by_source.setdefault(source, []).append(self.record(event, sources))
        for source, events in by_source.items():
            self.emit("event", f"events/{source}.yml", events, f"Events reported in {source}.")

    def make_quotes(self, count: int) -> None:
        """Make quotes, in one list file per reporting source."""
        people = self.actors["person"]
        by_source: dict[str, list[Any]] = {}
        for index in range(count):
            source = self.sources[index % len(self.sources)]
            roll = self.rng.random()
            speaker = self.pick(people, hubs=5) if roll < 0.8 else self.any_actor()
            quote: dict[str, Any] = {}
            id = self.new_id(f"{speaker if roll < 0.9 else 'official'} quote {index + 1}")
            quote["id"] = id
            quote["text"] = self.rng.choice(
                (
                    "We will not back away from this agreement,",
                    "The door to talks remains open.",
                    'Our partners know where we stand: "no" means no.',
                    "There is no alternative on the table that matches it",
                    "We are ready to discuss every technical concern & every risk.",
                )
            )
            if roll < 0.9:
                quote["speaker"] = speaker
                self.quotes_by.setdefault(speaker, []).append(id)
            if roll >= 0.85:
                quote["speaker_description"] = (
                    "a senior official, speaking on condition of anonymity"
                )
            sources = self.cite(source, 2)
            if self.chance(0.9):
                year = self.reported_year(sources)
                quote["said"] = self.versions([self.date(year), self.date(year)], sources, "said")
            if self.chance(0.6):
                quote["context"] = "speaking to reporters"
            if self.chance(0.2):
                quote["via"] = self.some(self.actors["media"], 1, 1, hubs=0)
            about = [self.pick(self.systems), self.pick(self.deals)]
            if self.chance(0.3):
                about.append(self.pick(self.disputes, hubs=0))
            if self.chance(0.3):
                about.append(self.pick(self.events, hubs=0))
            quote["about"] = list(dict.fromkeys(about))[: self.rng.randint(1, 3)]
            by_source.setdefault(source, []).append(self.record(quote, sources))
        for source, quotes in by_source.items():
            self.emit("quote", f"quotes/{source}.yml", quotes, f"Quotes reported in {source}.")

    def make_disputes(self) -> None:
        """Make disputes with parties, positions, stakes, proposals and status notes."""
        holders = self.actors["state"] + self.actors["alliance"]
        for id in self.disputes:
            parties = self.some(holders, 2, 3)
            if len(parties) < 2:
                parties = list(dict.fromkeys([*parties, *holders]))[:2]
            title = f"{self.names[parties[0]]} and {self.names[parties[1]]} over the arms deals"
            sources = self.cite(most=4)
            positions = []
            for party in parties:
                spoken = self.quotes_by.get(party) or self.some(
                    [q for qs in list(self.quotes_by.values())[:3] for q in qs], 1, 2, hubs=0
                )
                position: dict[str, Any] = {
                    "party": party,
                    "summary": f"{self.names[party]} holds that its position is the lawful one.",
                    "arguments": self.statements(sources, 1, 2),
                    "quotes": spoken[:2],
                }
                if self.chance(0.5):
                    position["sources"] = [self.rng.choice(sources)]
                positions.append(position)
            year = self.rng.randint(_FIRST_YEAR + 1, _LAST_YEAR - 1)
            dispute = {
                "id": id,
                "title": title,
                "bottom_line": f"{self.names[parties[0]]} and {self.names[parties[1]]} "
                "still disagree; talks continue.",
                "summary": self.summary(title),
                "parties": parties,
                "issues": self.statements(sources, 1, 3),
                "positions": positions,
                "stakes": self.statements(sources, 1, 2),
                "proposals": [
                    {
                        "text": "Set up a joint technical working group.",
                        "by": parties[-1],
                        "date": self.versions([self.date(year), self.date(year)], sources, "dated"),
                        "outcome": "No reply reported.",
                    }
                ],
                "status": [
                    {"text": "Talks continue.", "as_of": self.date(year)},
                    {"text": "No settlement.", "as_of": self.day(year + 1), "sources": sources[:1]},
                ],
                "open_questions": ["Will either side accept the working group?"],
                "deals": self.some(self.deals, 1, 3),
                "systems": self.some(self.systems, 1, 2),
                "events": self.some(self.events, 1, 4),
            }
            self.emit("dispute", f"disputes/{id}.yml", self.record(dispute, sources))


def synthesise(scale: int, seed: int = 0) -> dict[str, str]:
    """Return a valid synthetic fact base of `scale` actors, {facts-relative path: YAML}."""
    if scale < MIN_SCALE:
        raise ValueError(f"--scale must be at least {MIN_SCALE} (every kind needs a few records)")
    return _Synth(scale, seed).build()
