"""Which catalogues are in force and what they list: the 急需 badge and facet read this (search documents
import it, so it imports nothing that writes)."""

from __future__ import annotations

from sqlalchemy import and_, false, or_, select

from webapp.extensions import db
from webapp.reference import prefix
from webapp.shortage.models import ShortageCatalogue, ShortageEntry
from webapp.shortage.quarters import Quarter

SHORTAGE = "急需紧缺"  # the facet value and the badge


def current_catalogues() -> list[ShortageCatalogue]:
    """Per region, the catalogue of the latest quarter not retired (a catalogue stays in force until the next
    one for its region is published or it is withdrawn)."""
    found: dict[str, ShortageCatalogue] = {}
    for catalogue in db.session.scalars(
        select(ShortageCatalogue).where(ShortageCatalogue.retired_at.is_(None)).order_by(ShortageCatalogue.id)
    ):
        held = found.get(catalogue.region)
        if held is None or Quarter.parse(catalogue.quarter) >= Quarter.parse(held.quarter):
            found[catalogue.region] = catalogue
    return sorted(found.values(), key=lambda c: c.region)


class Listing:
    """The (place, occupation) pairs of the catalogues in force: a post is 急需紧缺 when its occupation is
    listed for a region its place lies in."""

    def __init__(self) -> None:
        catalogues = {c.id: c for c in current_catalogues()}
        self.by_code: dict[str, list[tuple[str, ShortageCatalogue]]] = {}
        if catalogues:
            rows = db.session.execute(
                select(ShortageEntry.catalogue_id, ShortageEntry.occupation_code).where(
                    ShortageEntry.catalogue_id.in_(catalogues)
                )
            )
            for catalogue_id, code in rows:
                catalogue = catalogues[catalogue_id]
                self.by_code.setdefault(code, []).append((prefix(catalogue.region), catalogue))

    def catalogue_for(self, occupation_code: str, adcode: str) -> ShortageCatalogue | None:
        """The catalogue in force that lists this occupation for this place, or None."""
        for place, catalogue in self.by_code.get(occupation_code or "", []):
            if (adcode or "").startswith(place):
                return catalogue
        return None

    def is_listed(self, occupation_code: str, adcode: str) -> bool:
        return self.catalogue_for(occupation_code, adcode) is not None

    def clause(self, occupation_code, adcode):
        """SQL: the post (its code and adcode columns) is listed."""
        return or_(
            false(),
            *(
                and_(occupation_code == code, adcode.startswith(place))
                for code, held in self.by_code.items()
                for place, _ in held
            ),
        )
