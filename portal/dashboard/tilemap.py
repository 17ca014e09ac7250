"""The tile-grid map of the 38 provinces: tile positions, the colour classes and the tiles."""

from __future__ import annotations

from dataclasses import dataclass

from villages.models import Province

#: Each province as one tile (column, row), placed roughly where it lies: Sumatra on the left,
#: Java and the Lesser Sunda Islands along the bottom, Kalimantan, Sulawesi, Maluku and the six
#: Papua provinces to the right. Short names are the usual abbreviations.
TILES: dict[str, tuple[int, int, str]] = {
    "11": (0, 0, "ACEH"),
    "12": (1, 1, "SUMUT"),
    "14": (2, 1, "RIAU"),
    "21": (3, 1, "KEPRI"),
    "13": (1, 2, "SUMBAR"),
    "15": (2, 2, "JAMBI"),
    "17": (1, 3, "BKL"),
    "16": (2, 3, "SUMSEL"),
    "19": (3, 3, "BABEL"),
    "18": (3, 4, "LPG"),
    "31": (4, 4, "DKI"),
    "36": (3, 5, "BANTEN"),
    "32": (4, 5, "JABAR"),
    "33": (5, 5, "JATENG"),
    "34": (5, 6, "DIY"),
    "35": (6, 5, "JATIM"),
    "51": (7, 6, "BALI"),
    "52": (8, 6, "NTB"),
    "53": (9, 6, "NTT"),
    "61": (6, 2, "KALBAR"),
    "65": (7, 1, "KALTARA"),
    "64": (7, 2, "KALTIM"),
    "62": (6, 3, "KALTENG"),
    "63": (7, 3, "KALSEL"),
    "75": (10, 1, "GTLO"),
    "71": (11, 1, "SULUT"),
    "72": (9, 2, "SULTENG"),
    "76": (8, 3, "SULBAR"),
    "74": (9, 3, "SULTRA"),
    "73": (8, 4, "SULSEL"),
    "82": (12, 1, "MALUT"),
    "81": (12, 3, "MALUKU"),
    "96": (13, 2, "PBD"),
    "92": (14, 2, "PABAR"),
    "91": (15, 2, "PAPUA"),
    "94": (14, 3, "PAPTENG"),
    "95": (15, 3, "PAPPEG"),
    "93": (15, 4, "PAPSEL"),
}
TILE, GAP = 56, 4
COLUMNS = 1 + max(c for c, _r, _n in TILES.values())
ROWS = 1 + max(r for _c, r, _n in TILES.values())

#: A sequential, colour-blind-safe palette (ColorBrewer YlGnBu, 5 classes), light to dark, with
#: the text colour that keeps 4.5:1 contrast on each; no data is a neutral grey.
PALETTE = [
    ("#ffffcc", "#000000"),
    ("#a1dab4", "#000000"),
    ("#41b6c4", "#000000"),
    ("#2c7fb8", "#000000"),
    ("#253494", "#ffffff"),
]
NO_DATA = ("#eeeeee", "#000000")


@dataclass
class Tile:
    code: str
    name: str
    short: str
    x: int
    y: int
    value: int | None
    fill: str
    ink: str
    selected: bool = False


@dataclass
class LegendClass:
    fill: str
    low: int | None
    high: int | None
    y: int = 0


def classes_for(values: list[int]) -> list[tuple[int, int]]:
    """Five equal-width classes from 1 to the largest value (fewer when values are small)."""
    top = max([v for v in values if v] or [0])
    if top <= 0:
        return []
    n = min(len(PALETTE), top)
    bounds = []
    for i in range(n):
        low = 1 + (top * i) // n
        high = (top * (i + 1)) // n
        bounds.append((low, high))
    return bounds


def tiles_for(
    provinces: list[Province], values: dict[str, int], selected: str | None
) -> tuple[list[Tile], list[LegendClass]]:
    """The map's tiles, coloured by class, and its legend."""
    bounds = classes_for(list(values.values()))
    tiles = []
    for province in provinces:
        col, row, short = TILES.get(province.code, (None, None, province.code))
        if col is None:
            continue  # a province the grid does not know (none today): still in the table
        value = values.get(province.code)
        fill, ink = NO_DATA
        if value:
            index = next(i for i, (_low, high) in enumerate(bounds) if value <= high)
            fill, ink = PALETTE[index]
        tiles.append(
            Tile(
                province.code,
                province.name,
                short,
                col * (TILE + GAP),
                row * (TILE + GAP),
                value,
                fill,
                ink,
                province.code == selected,
            )
        )
    legend = [LegendClass(NO_DATA[0], None, None)] + [
        LegendClass(PALETTE[i][0], low, high) for i, (low, high) in enumerate(bounds)
    ]
    for i, item in enumerate(legend):
        item.y = i * 24
    return tiles, legend
