"""What the shop sells and how customers pay: a deli-and-home store with food at 9 %
VAT, non-food and wine at 21 %, and deposits and gift cards at 0 %."""

from .records import Article, VatRate

VAT_HIGH = VatRate(code=1, percentage=2100)
VAT_LOW = VatRate(code=2, percentage=900)
VAT_ZERO = VatRate(code=3, percentage=0)
VAT_RATES = {rate.code: rate for rate in (VAT_HIGH, VAT_LOW, VAT_ZERO)}

TURNOVER_GROUPS = {
    10: "Brood & banket",
    20: "Kaas & vleeswaren",
    30: "Koffie & thee",
    40: "Wijn",
    50: "Wonen & keuken",
    60: "Statiegeld",
    70: "Cadeaubonnen",
}

# (number, text, price in cents, vat code, decimal places, turnover group, weight in basket)
_ARTICLES = [
    (1001, "Desembrood wit", 395, 2, 0, 10, 8),
    (1002, "Volkoren pistolets 4st", 289, 2, 0, 10, 6),
    (1003, "Appeltaart punt", 345, 2, 0, 10, 5),
    (1004, "Croissant roomboter", 165, 2, 0, 10, 7),
    (2001, "Oude kaas (per kg)", 2490, 2, 3, 20, 6),
    (2002, "Jonge Goudse (per kg)", 1690, 2, 3, 20, 6),
    (2003, "Serranoham (per kg)", 3950, 2, 3, 20, 3),
    (2004, "Olijven naturel 250g", 449, 2, 0, 20, 4),
    (3001, "Koffiebonen espresso 500g", 1295, 2, 0, 30, 5),
    (3002, "Cappuccino to go", 375, 2, 0, 30, 9),
    (3003, "Verse muntthee", 325, 2, 0, 30, 5),
    (3004, "Losse thee Earl Grey 100g", 695, 2, 0, 30, 2),
    (4001, "Rioja Crianza 75cl", 1295, 1, 0, 40, 3),
    (4002, "Sauvignon Blanc 75cl", 995, 1, 0, 40, 3),
    (4003, "Prosecco DOC 75cl", 1150, 1, 0, 40, 2),
    (5001, "Theedoek linnen", 1495, 1, 0, 50, 2),
    (5002, "Geurkaars vijg", 1995, 1, 0, 50, 2),
    (5003, "Espressokopje & schotel", 895, 1, 0, 50, 2),
    (5004, "Kaasschaaf RVS", 1795, 1, 0, 50, 1),
    (6001, "Statiegeld fles", 10, 3, 0, 60, 2),
    (7001, "Cadeaubon € 25", 2500, 3, 0, 70, 1),
]


def _article(row: tuple) -> Article:
    number, text, price, vat, places, group, _weight = row
    return Article(
        number=number,
        plu=str(number),
        barcode=f"87{number:06d}{number % 97:05d}",
        text=text,
        price=price,
        vat_code=vat,
        decimal_places=places,
        turnover_group=group,
        turnover_group_name=TURNOVER_GROUPS[group],
    )


ARTICLES = tuple(_article(row) for row in _ARTICLES)
ARTICLE_WEIGHTS = tuple(row[6] for row in _ARTICLES)
ARTICLES_BY_NUMBER = {a.number: a for a in ARTICLES}

# (method, description, payment method type, weight)
PAYMENT_METHODS = (
    ("PIN", "Pinbetaling", "PAYMENT-METHOD-TYPE-EFT", 62),
    ("CONTANT", "Contant", "PAYMENT-METHOD-TYPE-PAYMENT", 18),
    ("CREDITCARD", "Creditcard", "PAYMENT-METHOD-TYPE-EFT", 8),
    ("IDEAL", "iDEAL QR", "PAYMENT-METHOD-TYPE-PAYMENT", 7),
    ("CADEAUBON", "Cadeaubon", "PAYMENT-METHOD-TYPE-PAYMENT", 5),
)
PAYMENT_WEIGHTS = tuple(row[3] for row in PAYMENT_METHODS)
