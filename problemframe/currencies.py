"""Currencies: the ISO 4217 codes a report may name, and ARR converted into one currency only when every amount can be.

Pure: the rates are the operator's (`--rate`), never fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# ISO 4217 codes of money in use (funds, metals and testing codes left out), and those withdrawn lately that older
# tickets may still cite (HRK, SLL, ANG, ZWL).
ISO_4217 = frozenset({
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
    "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
    "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
    "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HRK", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK",
    "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD",
    "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN",
    "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON",
    "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN",
    "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU",
    "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG", "ZWL",
})


class MissingRates(ValueError):
    """Amounts are cited in currencies that have no rate into the currency asked for."""

    def __init__(self, currency: str, codes: Iterable[str]) -> None:
        self.currency = currency
        self.codes = tuple(sorted(set(codes)))
        super().__init__(f"no rate into {currency} for {', '.join(self.codes)}")


def is_currency(code: str) -> bool:
    """Tell whether `code` is an ISO 4217 code of money in use ('EUR'; upper case)."""
    return code in ISO_4217


def missing_rates(codes: Iterable[str], *, currency: str, rates: Mapping[str, float]) -> tuple[str, ...]:
    """Return, sorted, the currencies among `codes` that neither are `currency` nor have a rate into it."""
    return tuple(sorted({code for code in codes if code != currency and code not in rates}))


def converted(amounts: Mapping[str, float], *, currency: str, rates: Mapping[str, float]) -> float:
    """Return the amounts' total in `currency`, each converted at its rate (the value of one unit in `currency`).

    Raises MissingRates rather than leave an amount out.
    """
    missing = missing_rates(amounts, currency=currency, rates=rates)
    if missing:
        raise MissingRates(currency, missing)
    return sum(amount * (1.0 if code == currency else rates[code]) for code, amount in amounts.items())
