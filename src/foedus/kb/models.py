"""The knowledge-base entities: what a source says, about which states, people,
treaties, clauses, events and crises, and where sources disagree.

Every entity is a pydantic model validated from human-edited YAML (see ``kb/``).
Cross-references (a treaty's parties, a claim's subject, a conflict's claims) are ids
checked by :mod:`foedus.kb.check`, not here.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from foedus.dates import FuzzyDate

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$", max_length=120)]
StateId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]{1,11}$")]
Confidence = Literal["certain", "high", "medium", "low"]
CONFIDENCE_WEIGHT: dict[str, float] = {"certain": 1.0, "high": 0.85, "medium": 0.6, "low": 0.3}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --------------------------------------------------------------------------- sources
class Reliability(Model):
    """How far a source is to be trusted, and why."""

    grade: Literal["A", "B", "C", "D", "E"] = Field(
        description="A primary text or standard scholarly edition; B peer-reviewed scholarship; "
        "C reputable tertiary/popular work; D unverified or partisan; E known to contain errors"
    )
    reason: str = Field(min_length=10)


class Source(Model):
    """A witness: one of the seed texts, or a named outside reference."""

    id: Id
    kind: Literal["seed", "book", "article", "chapter", "treaty_series", "document_collection", "dataset", "web"]
    file: str | None = Field(None, description="seed file name in shared/seeds (kind: seed only)")
    author: str | None = None
    title: str
    year: int | None = None
    container: str | None = Field(None, description="journal, collection or series the work appears in")
    publisher: str | None = None
    pages: str | None = None
    identifier: str | None = Field(None, description="DOI, ISBN, LNTS volume, URL...")
    reliability: Reliability
    notes: str | None = None

    @model_validator(mode="after")
    def _seed_has_file(self) -> "Source":
        if self.kind == "seed" and not self.file:
            raise ValueError("a seed source needs 'file' (its file name in shared/seeds)")
        if self.kind != "seed" and self.file:
            raise ValueError("only seed sources carry 'file'")
        if self.file and (self.file in (".", "..") or any(c in self.file for c in "/\\\x00")):
            raise ValueError(f"'file' must be a file name inside the seeds folder, not a path: {self.file!r}")
        return self


class Citation(Model):
    """Where a fact comes from: a seed with its verbatim quote, or a reference with a confidence."""

    source: Id = Field(description="id of a Source")
    quote: str | None = Field(None, description="verbatim text from the source (required for seeds)")
    loc: str | None = Field(None, description="page, article or paragraph in the source")
    confidence: Confidence | None = Field(None, description="required for outside references")
    note: str | None = None

    @field_validator("quote")
    @classmethod
    def _quote_not_blank(cls, v: str | None) -> str | None:
        if v is not None and not v.strip():
            raise ValueError("quote is empty")
        return v


Cites = Annotated[list[Citation], Field(min_length=1)]


class Dated(Model):
    """A date with its own citations (when it needs more than the entity's)."""

    date: FuzzyDate
    place: str | None = None
    note: str | None = None
    cite: list[Citation] = Field(default_factory=list)


def _dated(v: Any) -> Any:
    if v is None or isinstance(v, (dict, Dated)):
        return v
    return {"date": v}


# --------------------------------------------------------------------------- states, people
class State(Model):
    """A state (COW abbreviation as id where COW lists it) or another international actor."""

    id: StateId
    name: str
    kind: Literal["state", "organisation", "government_in_exile", "movement", "territory"] = "state"
    ccode: int | None = Field(None, description="Correlates of War state code")
    aliases: list[str] = Field(default_factory=list)
    existed_from: FuzzyDate | None = None
    existed_to: FuzzyDate | None = None
    cite: Cites


class Office(Model):
    title: str
    state: StateId
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    cite: Cites


class Person(Model):
    id: Id
    name: str
    aliases: list[str] = Field(default_factory=list)
    born: FuzzyDate | None = None
    died: FuzzyDate | None = None
    nationality: StateId | None = None
    offices: list[Office] = Field(default_factory=list)
    cite: Cites


# --------------------------------------------------------------------------- treaties
OBLIGATIONS = (
    "defense",  # armed assistance if a partner is attacked
    "offense",  # joint attack
    "assistance",  # aid and assistance short of a stated military commitment
    "neutrality",  # stay out of a partner's conflict
    "nonaggression",  # not attack the partner
    "non_assistance",  # not aid the partner's attacker
    "consultation",  # consult in a crisis
    "guarantee",  # guarantee a frontier or status
    "sphere",  # spheres of influence / territorial arrangement
    "procedure",  # League or arbitration procedure
    "other",
)


class Clause(Model):
    """One article or paragraph carrying (or qualifying) an obligation."""

    id: Id
    article: str = Field(description="article number as the text numbers it, e.g. 'Art. 2', 'Protocol §1'")
    text: str = Field(min_length=1)
    text_kind: Literal["verbatim", "translation", "summary"] = "summary"
    obligation: Literal[OBLIGATIONS]  # type: ignore[valid-type]
    obligors: list[StateId] | None = Field(None, description="who is bound; default: every party")
    beneficiaries: list[StateId] | None = Field(None, description="who is protected; default: the other parties")
    condition: str | None = Field(None, description="when the obligation is triggered, in the condition grammar")
    contingent_on: list[str] = Field(default_factory=list, description="clause ids whose performance must come first")
    action: str | None = Field(None, description="what is owed when triggered, in words")
    protocol: Id | None = Field(None, description="id of the protocol this clause belongs to, if any")
    secret: bool = False
    notes: str | None = None
    cite: Cites


class Protocol(Model):
    id: Id
    title: str
    signed: FuzzyDate | None = None
    secret: bool = False
    cite: Cites


class Party(Model):
    state: StateId
    signed: FuzzyDate | None = None
    ratified: FuzzyDate | None = None
    joined: FuzzyDate | None = Field(None, description="accession, for those who joined later")
    left: FuzzyDate | None = Field(None, description="withdrawal or denunciation by this party")
    role: str | None = None


class Term(Model):
    years: float | None = None
    renewal: Literal["none", "tacit", "indefinite", "explicit"] = "none"
    renewal_years: float | None = None
    notice_months: float | None = Field(None, description="notice needed to denounce")
    text: str | None = None


class Ending(Model):
    date: FuzzyDate
    how: Literal["expiry", "denunciation", "renunciation", "superseded", "war", "extinction_of_party", "lapsed", "annulled"]
    by: StateId | None = None
    note: str | None = None
    cite: Cites


class Treaty(Model):
    """A treaty, pact, covenant, agreement or proposal, with its parties, dates and clauses."""

    id: Id
    name: str
    short_name: str | None = None
    kind: Literal[
        "non_aggression", "mutual_assistance", "alliance", "guarantee", "covenant", "agreement",
        "protocol", "friendship", "neutrality", "proposal", "declaration",
    ]
    status: Literal["concluded", "proposal", "initialled"] = "concluded"
    parties: list[Party] = Field(min_length=1)
    signed: Dated | None = None
    in_force: Dated | None = None
    term: Term | None = None
    ended: Ending | None = None
    public: Literal["public", "secret", "secret_articles"] = "public"
    protocols: list[Protocol] = Field(default_factory=list)
    clauses: list[Clause] = Field(default_factory=list)
    related: list[Id] = Field(default_factory=list)
    summary: str | None = None
    cite: Cites

    @field_validator("signed", "in_force", mode="before")
    @classmethod
    def _date_shorthand(cls, v: Any) -> Any:
        """Allow ``signed: 1935-05-02`` as shorthand for ``signed: {date: 1935-05-02}``."""
        return _dated(v)

    @property
    def party_ids(self) -> list[str]:
        return [p.state for p in self.parties]


# --------------------------------------------------------------------------- events, crises
EVENT_KINDS = (
    "signature", "ratification", "entry_into_force", "denunciation", "recognition", "negotiation",
    "proposal", "conference", "attack", "invasion", "occupation", "annexation", "mobilisation",
    "war_declaration", "armistice", "ultimatum", "assassination", "accession_to_power",
    "resignation", "appointment", "league_action", "assistance", "refusal", "statement", "other",
)


class Event(Model):
    id: Id
    date: FuzzyDate
    end: FuzzyDate | None = None
    title: str
    kind: Literal[EVENT_KINDS]  # type: ignore[valid-type]
    actors: list[StateId] = Field(default_factory=list)
    targets: list[StateId] = Field(default_factory=list)
    people: list[Id] = Field(default_factory=list)
    place: str | None = None
    treaty: Id | None = None
    description: str | None = None
    cite: Cites


FACT_KINDS = (
    "attack", "threat", "mobilisation", "war_declaration", "assistance", "refusal", "annexation",
    "occupation", "league_finding", "league_referral", "consultation", "demand", "denunciation",
    "provocation", "cession", "neutrality_declared",
    "request",  # a party asks for an obligation to be performed (e.g. consultation): read by requested()
)


class CrisisFact(Model):
    """One dated fact of a crisis: who did what to whom, where, per which source."""

    id: Id
    kind: Literal[FACT_KINDS]  # type: ignore[valid-type]
    date: FuzzyDate
    actor: list[StateId] = Field(min_length=1)
    target: list[StateId] = Field(default_factory=list)
    place: str | None = None
    region: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict, description="further attributes for conditions")
    event: Id | None = None
    note: str | None = None
    cite: Cites

    @field_validator("actor", "target", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v


class Crisis(Model):
    id: Id
    name: str
    date: FuzzyDate = Field(description="the day the crisis is evaluated on by default")
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    summary: str | None = None
    facts: list[CrisisFact] = Field(default_factory=list)
    cite: Cites


# --------------------------------------------------------------------------- claims, conflicts
class Claim(Model):
    """What one source asserts (a fact, a date, an interpretation or a judgement), as its author's."""

    id: Id
    about: Id = Field(description="id of the entity the claim concerns (treaty, event, person, state, crisis...)")
    field: str | None = Field(None, description="the attribute claimed, e.g. 'signed', 'parties', 'blame'")
    value: Any = Field(None, description="the value claimed, in the KB's own terms")
    kind: Literal["fact", "date", "interpretation", "judgement"] = "fact"
    statement: str = Field(min_length=5, description="the claim in words")
    by: str | None = Field(None, description="whose claim it is, if not the source's author")
    cite: Cites


class Conflict(Model):
    """Two or more claims that cannot all be true, kept side by side, never silently resolved."""

    id: Id
    about: Id
    field: str | None = None
    kind: Literal["date", "party", "term", "fact", "interpretation", "attribution"]
    claims: list[Id] = Field(min_length=2)
    description: str = Field(min_length=5)
    status: Literal["open", "assessed"] = "open"
    assessment: str | None = Field(None, description="the editors' reading of the evidence; the claims stay")
    cite: list[Citation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _assessed_has_text(self) -> "Conflict":
        if self.status == "assessed" and not self.assessment:
            raise ValueError("an assessed conflict needs 'assessment' text")
        return self


# --------------------------------------------------------------------------- a whole file
SECTIONS: dict[str, tuple[type[Model], bool]] = {
    # key in a YAML file -> (model, is_list)
    "sources": (Source, True),
    "states": (State, True),
    "people": (Person, True),
    "treaty": (Treaty, False),
    "treaties": (Treaty, True),
    "events": (Event, True),
    "crisis": (Crisis, False),
    "crises": (Crisis, True),
    "claims": (Claim, True),
    "conflicts": (Conflict, True),
}

ENTITY_OF_SECTION = {
    "sources": "source", "states": "state", "people": "person", "treaty": "treaty", "treaties": "treaty",
    "events": "event", "crisis": "crisis", "crises": "crisis", "claims": "claim", "conflicts": "conflict",
}

_slug = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _slug.sub("-", text.lower()).strip("-")
