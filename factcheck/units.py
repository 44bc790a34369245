"""Units of measure: how copy writes them after an amount, what each measures, and its size.

The finder (``details``) reads an amount with its unit as one measure; ``figures`` compares
two measures in any unit of their quantity.
"""

from __future__ import annotations

import re

# Units of measure: what each measures, its system ("metric"; "imperial" for imperial and US
# units) and its size in the quantity's base unit (metre, square metre, kilogram, litre, km/h,
# watt, watt-hour). A name with more than one size in use has each: "tons" short, metric or
# long, "gallons" US or imperial. Temperatures have scales, not sizes; "degrees" alone is
# either scale. "Pounds" after a number is money to the finder, and compared as a weight too.
UNITS_OF_MEASURE = {
    spelling: (quantity, system, sizes)
    for spellings, quantity, system, sizes in (
        ("km|kilometre|kilometres|kilometer|kilometers", "length", "metric", (1e3,)),
        ("m|metre|metres|meter|meters", "length", "metric", (1.0,)),
        ("cm|centimetre|centimetres|centimeter|centimeters", "length", "metric", (0.01,)),
        ("mm|millimetre|millimetres|millimeter|millimeters", "length", "metric", (0.001,)),
        ("mile|miles", "length", "imperial", (1609.344,)),
        ("nautical mile|nautical miles", "length", "imperial", (1852.0,)),
        ("yard|yards|yd|yds", "length", "imperial", (0.9144,)),
        ("foot|feet|ft", "length", "imperial", (0.3048,)),
        ("inch|inches", "length", "imperial", (0.0254,)),
        ("square kilometre|square kilometres|square kilometer|square kilometers|sq km|km2|km²", "area", "metric", (1e6,)),
        ("square metre|square metres|square meter|square meters|sq m|m2|m²", "area", "metric", (1.0,)),
        ("hectare|hectares|ha", "area", "metric", (1e4,)),
        ("square mile|square miles|sq mi", "area", "imperial", (2589988.110336,)),
        ("square foot|square feet|sq ft", "area", "imperial", (0.09290304,)),
        ("square yard|square yards|sq yd", "area", "imperial", (0.83612736,)),
        ("acre|acres", "area", "imperial", (4046.8564224,)),
        ("kg|kilogram|kilograms|kilo|kilos", "weight", "metric", (1.0,)),
        ("g|gram|grams", "weight", "metric", (0.001,)),
        ("mg|milligram|milligrams", "weight", "metric", (1e-6,)),
        ("tonne|tonnes|metric ton|metric tons", "weight", "metric", (1e3,)),
        ("lb|lbs|pound|pounds", "weight", "imperial", (0.45359237,)),
        ("ounce|ounces|oz", "weight", "imperial", (0.028349523125,)),
        ("stone|stones", "weight", "imperial", (6.35029318,)),
        ("ton|tons", "weight", "imperial", (907.18474, 1e3, 1016.0469088)),
        ("litre|litres|liter|liters", "volume", "metric", (1.0,)),
        ("millilitre|millilitres|milliliter|milliliters|ml", "volume", "metric", (0.001,)),
        ("cubic metre|cubic metres|cubic meter|cubic meters", "volume", "metric", (1e3,)),
        # US and imperial measures of one name: either may be meant
        ("gallon|gallons", "volume", "imperial", (3.785411784, 4.54609)),
        ("quart|quarts", "volume", "imperial", (0.946352946, 1.1365225)),
        ("pint|pints", "volume", "imperial", (0.473176473, 0.56826125)),
        ("cubic foot|cubic feet|cu ft", "volume", "imperial", (28.316846592,)),
        ("cubic yard|cubic yards|cu yd", "volume", "imperial", (764.554857984,)),
        ("barrel|barrels", "volume", "imperial", (158.987294928,)),
        ("km/h|kph|kmh|km per hour|km an hour|kilometres per hour|kilometres an hour|kilometers per hour"
         "|kilometers an hour", "speed", "metric", (1.0,)),
        ("m/s|metres per second|meters per second", "speed", "metric", (3.6,)),
        ("mph|miles per hour|miles an hour", "speed", "imperial", (1.609344,)),
        ("knot|knots", "speed", "imperial", (1.852,)),
        ("kW|kilowatt|kilowatts", "power", "metric", (1e3,)),
        ("MW|megawatt|megawatts", "power", "metric", (1e6,)),
        ("GW|gigawatt|gigawatts", "power", "metric", (1e9,)),
        ("kWh|kilowatt-hour|kilowatt-hours|kilowatt hours", "energy", "metric", (1e3,)),
        ("MWh|megawatt-hour|megawatt-hours|megawatt hours", "energy", "metric", (1e6,)),
        ("GWh|gigawatt-hour|gigawatt-hours|gigawatt hours", "energy", "metric", (1e9,)),
        ("TWh|terawatt-hour|terawatt-hours|terawatt hours", "energy", "metric", (1e12,)),
        ("C|°C|celsius|centigrade|degrees celsius|degree celsius|degrees centigrade|degrees c", "temperature", "C", ()),
        ("F|°F|fahrenheit|degrees fahrenheit|degree fahrenheit|degrees f", "temperature", "F", ()),
        ("degree|degrees", "temperature", "C or F", ()),
    )
    for spelling in spellings.lower().split("|")
}


def _names(quantities: set[str]) -> str:
    """The spellings of units of ``quantities`` for a regex, longest first; one-letter ones ("m",
    "C", "F", "g") and those with a degree sign are left out, as they are read in their case."""
    spellings = (s for s, (quantity, _, _) in UNITS_OF_MEASURE.items() if quantity in quantities and len(s) > 1 and "°" not in s)
    return "|".join(sorted((re.escape(s).replace("\\ ", r"\s") for s in spellings), key=len, reverse=True))


# A unit after an amount ("10 kilometres", "a 218-kilometre stage", "46 °C") or glued to it
# ("46.3C", "97km/h"). "m" is metres only in lower case after a space ("1.5m" is a million);
# "C", "F" and "g" alone only glued to the digits, as "5 C" may be a grade.
_BEFORE_UNIT = r"(?:-|\s|(?<=\d))"
_UNIT_NAME = rf"(?-i:(?<=\s)m|°\s?[CF]|(?<=\d)[CFg])|{_names({q for q, _, _ in UNITS_OF_MEASURE.values()})}"
UNIT = rf"{_BEFORE_UNIT}(?:{_UNIT_NAME})(?![\w/])"
TEMPERATURE_UNIT = rf"{_BEFORE_UNIT}(?:(?-i:°\s?[CF]|(?<=\d)[CF])|{_names({'temperature'})})(?![\w/])"
UNIT_AFTER = re.compile(rf"{_BEFORE_UNIT}(?P<unit>{_UNIT_NAME})(?![\w/])", re.IGNORECASE)
