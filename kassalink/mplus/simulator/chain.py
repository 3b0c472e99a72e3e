"""The chain history: a year of a many-branch chain's receipts and clocked shifts,
computed on demand from (seed, day, branch, sequence) instead of stored.

Layout. The history is cut into blocks, one per (day, branch), in the order day by day,
branch by branch. Each block holds `count` receipts, drawn once per block from the seed;
the running total over blocks (`_prefix`, a few hundred kB for 50 branches x 365 days) is
all that is kept. A receipt's sync marker is `_prefix[block] + seq + 1`, so markers are
dense, grow with (day, branch, seq), and "markers >= m" starts at one bisect. Everything
else about a receipt comes from a 64-bit hash of its key: the basket template, the second
of the day (monotone in seq, following the shop's daily rhythm), cashier, payment,
customer. Receipt numbers per (branch, workplace, year) and order numbers per year are
arithmetic too: workplaces take turns in a fixed 20-receipt cycle, whose counts are known.

Receipt, order, line and payment ids are UUID-shaped and carry their key, so
getOrdersByReceipts (and getReceipts by id) finds a history receipt from its id alone.

Live sales of the simulated clock come after the history: their markers and numbers
continue where the history's end.
"""

import functools
import random
import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta

from .catalogue import PAYMENT_METHODS, PAYMENT_WEIGHTS
from .chain_baskets import BASKETS, credit_basket, sale_baskets
from .records import Branch, Employee, ShiftPlan
from .rostering import plan_day_shifts
from .sales import BRANCH_BUSYNESS, GIFT_CARD_VALUE, SUNDAY_HOURS, WEEKDAY_HOURS
from .soap_time import local_datetime, soap_date, soap_datetime
from .xml_text import esc

DEFAULT_RECEIPTS_PER_DAY = 1650  # per branch: ~30 million for 50 branches x 365 days
UNLIMITED_PAGE = 10_000  # a history page asked without syncMarkerLimit stops here
CYCLE = 20  # workplaces take turns over 20 receipts: the last is the handheld's
SHIFT_SLOTS = 16  # shift numbers per (day, branch) block; a day has at most 9 shifts
_M64 = (1 << 64) - 1
_EPOCH = date(2000, 1, 1).toordinal()
_ID = re.compile(r"^([0-9a-f]{8})-([0-9a-f]{4})-4([0-9a-f]{3})-a([0-9a-f]{3})-([0-9a-f]{12})$")
# Sub-ids of one receipt's key: the receipt, its order, payments, session, lines.
SUB_RECEIPT, SUB_ORDER, SUB_PAYMENT, SUB_SESSION = 0, 1, 2, 4
# Mean of the day and branch factors, so `receipts_per_day` is the mean per branch-day.
_DAY_FACTORS = (1.0, 1.0, 1.0, 1.0, 1.0, 1.29, 0.59)
_DAY_MEAN = sum(_DAY_FACTORS) / 7
_BRANCH_MEAN = sum(BRANCH_BUSYNESS) / len(BRANCH_BUSYNESS)
_PAYMENT_TABLE = tuple(i for i, w in enumerate(PAYMENT_WEIGHTS) for _ in range(w))
_GIFT_CARD = next(i for i, p in enumerate(PAYMENT_METHODS) if p[0] == "CADEAUBON")


def mix(value: int) -> int:
    """splitmix64's finaliser: a well-spread 64-bit hash of a 64-bit value."""
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _M64
    return value ^ (value >> 31)


def _cycle(tills: int) -> tuple[tuple[int, ...], tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """For a branch with `tills` tills plus a handheld: the workplace of each cycle
    position, its rank among that workplace's positions, and per workplace how many of
    the first r positions (r = 0..CYCLE) are its."""
    workplaces = tuple(tills + 1 if p == CYCLE - 1 else p % tills + 1 for p in range(CYCLE))
    ranks = tuple(workplaces[:p].count(w) for p, w in enumerate(workplaces))
    firsts = tuple(
        tuple(workplaces[:r].count(w) for r in range(CYCLE + 1)) for w in range(tills + 2)
    )
    return workplaces, ranks, firsts


class Block:
    """One branch on one day: what every receipt of it shares, worked out once."""

    __slots__ = (
        "branch",
        "branch_text",
        "cost_center",
        "cost_center_bytes",
        "count",
        "cumulative",
        "day",
        "day_index",
        "day_xml",
        "fallback",
        "first_marker",
        "hours",
        "index",
        "key_base",
        "number_base",
        "order_base",
        "per_cycle",
        "ranks",
        "shifts",
        "staff_by_hour",
        "stem_middle",
        "total_weight",
        "weights",
        "when_tail",
        "workplaces",
        "year",
        "year_text",
        "yy",
    )  # fmt: skip


class ChainHistory:
    """The receipts and shifts of `len(branches)` branches over `days` days from
    `first_day`, about `receipts_per_day` receipts per branch per day."""

    def __init__(
        self,
        seed: int,
        first_day: date,
        days: int,
        branches: Sequence[Branch],
        employees: Sequence[Employee],
        receipts_per_day: int = DEFAULT_RECEIPTS_PER_DAY,
    ) -> None:
        if days < 1:
            raise ValueError("a chain history has at least one day")
        if receipts_per_day < 1:
            raise ValueError("receipts_per_day must be at least 1")
        if len(branches) >= 4096 or receipts_per_day > 1_000_000:
            raise ValueError("at most 4,095 branches and 1,000,000 receipts per day")
        self.seed = seed
        self.first_day = first_day
        self.days = days
        self.last_day = first_day + timedelta(days=days - 1)
        self.branches = tuple(branches)
        self.receipts_per_day = receipts_per_day
        self._salt = mix((seed * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) & _M64)
        self._baskets = sale_baskets(seed)
        self._staff = {
            b.number: tuple(e for e in employees if e.active and e.branch_numbers[0] == b.number)
            for b in self.branches
        }
        self._employees = {e.number: e for e in employees}
        # What the writers put in <employeeName>, escaped once.
        self.names = {e.number: esc(e.name) for e in employees}
        self.employee_bytes = {e.number: str(e.number).encode() for e in employees}
        self._cycles = {len(b.workplaces) - 1: _cycle(len(b.workplaces) - 1) for b in branches}
        self._layout()
        self.block = functools.lru_cache(maxsize=256)(self._make_block)

    # --- layout -----------------------------------------------------------------------

    def _count(self, day: date, branch: Branch) -> int:
        jitter = 0.92 + 0.16 * (mix(self._salt ^ (day.toordinal() << 12 | branch.number)) >> 11) / (
            1 << 53
        )
        busyness = BRANCH_BUSYNESS[(branch.number - 1) % len(BRANCH_BUSYNESS)] / _BRANCH_MEAN
        factor = _DAY_FACTORS[day.weekday()] / _DAY_MEAN * busyness * jitter
        return max(1, round(self.receipts_per_day * factor))

    def _layout(self) -> None:
        """Counts per block, their running total, and the numbering bases: receipt
        numbers per (branch, workplace) and order numbers restart each year."""
        branch_count = len(self.branches)
        self._counts = array("q")
        self._prefix = array("q", [0])
        self._year_prefix = array("q")  # per day: the running total when its year began
        self._numbers = array("q")  # per block and workplace: numbers used before it
        self._width = max(len(b.workplaces) for b in self.branches) + 1
        used = [[0] * self._width for _ in self.branches]
        year_start = 0
        for day_index in range(self.days):
            day = self.first_day + timedelta(days=day_index)
            if day.month == 1 and day.day == 1:
                year_start = self._prefix[-1]
                used = [[0] * self._width for _ in self.branches]
            self._year_prefix.append(year_start)
            for branch_index, branch in enumerate(self.branches):
                count = self._count(day, branch)
                self._counts.append(count)
                self._prefix.append(self._prefix[-1] + count)
                self._numbers.extend(used[branch_index])
                _, _, firsts = self._cycles[len(branch.workplaces) - 1]
                per_cycle = [f[CYCLE] for f in firsts]
                for w in range(len(firsts)):
                    used[branch_index][w] += (count // CYCLE) * per_cycle[w] + firsts[w][
                        count % CYCLE
                    ]
        self._last_numbers = used
        self._branch_count = branch_count
        self._last_year_start = year_start

    @property
    def total(self) -> int:
        """How many receipts the history holds."""
        return self._prefix[-1]

    @property
    def top_marker(self) -> int:
        """The history's highest sync marker; live receipts get higher ones."""
        return self._prefix[-1]

    def receipt_numbers_at_end(self) -> dict[tuple[int, int, int], int]:
        """The last receipt number per (branch, workplace, year) of the history's last year."""
        year = self.last_day.year
        return {
            (branch.number, w, year): self._last_numbers[i][w]
            for i, branch in enumerate(self.branches)
            for w in range(1, len(branch.workplaces) + 1)
        }

    def order_numbers_at_end(self) -> dict[int, int]:
        return {self.last_day.year: self._prefix[-1] - self._last_year_start}

    def shift_numbers_at_end(self) -> dict[int, int]:
        day_of_year = self.last_day.timetuple().tm_yday
        return {self.last_day.year: day_of_year * self._branch_count * SHIFT_SLOTS}

    # --- blocks -----------------------------------------------------------------------

    def _make_block(self, index: int) -> Block:
        day_index, branch_index = divmod(index, self._branch_count)
        day = self.first_day + timedelta(days=day_index)
        branch = self.branches[branch_index]
        block = Block()
        block.index = index
        block.day_index = day_index
        block.day = day
        block.branch = branch
        block.count = self._counts[index]
        block.first_marker = self._prefix[index] + 1
        block.order_base = self._prefix[index] - self._year_prefix[day_index]
        block.year = day.year
        block.year_text = str(day.year)
        block.yy = day.year % 100
        start = index * self._width
        block.number_base = self._numbers[start : start + self._width]
        block.workplaces, block.ranks, firsts = self._cycles[len(branch.workplaces) - 1]
        block.per_cycle = tuple(f[CYCLE] for f in firsts)
        block.key_base = (day.toordinal() - _EPOCH) << 36 | branch.number << 24
        key_hex = f"{block.key_base:013x}"
        block.stem_middle = f"a{key_hex[:3]}-{key_hex[3:7]}"
        hours = SUNDAY_HOURS if day.weekday() == 6 else WEEKDAY_HOURS
        block.hours = tuple(hours)
        block.weights = tuple(hours.values())
        cumulative = [0]
        for weight in block.weights:
            cumulative.append(cumulative[-1] + weight * 3600)
        block.cumulative = tuple(cumulative)
        block.total_weight = sum(block.weights)
        block.shifts = self._plan_shifts(day, day_index, branch_index, branch)
        block.staff_by_hour, block.fallback = self._on_duty(day, branch, block.shifts)
        block.branch_text = str(branch.number)
        block.cost_center = esc(branch.turnover_cost_center)
        block.cost_center_bytes = block.cost_center.encode()
        block.day_xml = soap_date(day)
        noon = soap_datetime(local_datetime(day, 12))
        # Opening hours never cross a DST change (02:00-03:00): one zone for the day.
        block.when_tail = noon[noon.index("<day>") :]
        return block

    def _plan_shifts(
        self, day: date, day_index: int, branch_index: int, branch: Branch
    ) -> tuple[ShiftPlan, ...]:
        rng = random.Random(f"{self.seed}:{day.isoformat()}:chain-shifts:{branch.number}")
        base = ((day.timetuple().tm_yday - 1) * self._branch_count + branch_index) * SHIFT_SLOTS
        numbers = iter(range(base + 1, base + SHIFT_SLOTS + 1))
        plans = plan_day_shifts(
            rng, day, branch.number, self._staff[branch.number], lambda y: next(numbers)
        )
        return tuple(plans)

    def _on_duty(
        self, day: date, branch: Branch, shifts: Sequence[ShiftPlan]
    ) -> tuple[tuple[tuple[int, ...], ...], int]:
        """Per hour of the day, who is clocked in at half past (cashiers to pick from)."""
        by_hour = []
        for hour in range(24):
            moment = local_datetime(day, hour, 30)
            by_hour.append(
                tuple(
                    s.employee_number
                    for s in shifts
                    if s.start <= moment <= (s.clocked_end or s.corrected_end or s.start)
                )
            )
        staff = self._staff[branch.number]
        managers = [e.number for e in staff if e.group_number == 2]
        fallback = managers[0] if managers else (staff[0].number if staff else 1)
        return tuple(by_hour), fallback

    def block_of_marker(self, marker: int) -> int:
        """The block holding `marker` (1 <= marker <= top_marker)."""
        return bisect_right(self._prefix, marker - 1) - 1

    # --- one receipt --------------------------------------------------------------------

    @staticmethod
    def _credit_candidate(seq: int, h1: int) -> bool:
        return seq > 0 and (h1 >> 42) & 0x3FF < 8  # about 0.8 %

    def draw(self, block: Block, seq: int) -> tuple:
        """Everything about receipt `seq` of `block`, as a plain tuple (quick to make):
        (sync marker, id stem, second of the day, workplace, receipt number, cashier,
        basket, payments ((method index, amount), ...), relation or None, has a webhook
        session, the seq it credits or -1)."""
        key = block.key_base | seq
        h1 = mix(key ^ self._salt)
        h2 = mix(h1 ^ 0x5851F42D4C957F2D)
        position = ((seq << 16) + (h2 & 0xFFFF)) * block.total_weight * 3600 // (block.count << 16)
        slot = bisect_right(block.cumulative, position) - 1
        second = (
            block.hours[slot] * 3600 + (position - block.cumulative[slot]) // block.weights[slot]
        )
        cycle, turn = divmod(seq, CYCLE)
        workplace = block.workplaces[turn]
        number = (
            block.number_base[workplace]
            + cycle * block.per_cycle[workplace]
            + block.ranks[turn]
            + 1
        )
        staff = block.staff_by_hour[second // 3600]
        employee = staff[(h2 >> 16 & 0xFFFF) % len(staff)] if staff else block.fallback
        relation = 5000 + (h1 >> 22 & 0xFFFF) % 400 if (h1 >> 12) & 0x3FF < 102 else None
        credited = -1
        if self._credit_candidate(seq, h1):
            original = seq - 1 - (h2 >> 48 & 0xFF) % min(seq, 40)
            o1 = mix((block.key_base | original) ^ self._salt)
            if not self._credit_candidate(original, o1):
                credited = original
        if credited < 0:
            basket = self._baskets[h1 & (BASKETS - 1)]
            method = _PAYMENT_TABLE[(h2 >> 32 & 0xFFFF) % 100]
            total = basket.total_incl
            if method == _GIFT_CARD and total > GIFT_CARD_VALUE:
                payments: tuple = ((_GIFT_CARD, GIFT_CARD_VALUE), (0, total - GIFT_CARD_VALUE))
            else:
                payments = ((method, total),)
            session = (h1 >> 32) & 0x3FF < 31
        else:
            o2 = mix(o1 ^ 0x5851F42D4C957F2D)
            sold = self._baskets[o1 & (BASKETS - 1)]
            returned = None if h2 >> 56 & 1 else (h2 >> 57) % len(sold.lines)
            basket = credit_basket(self.seed, o1 & (BASKETS - 1), returned)
            method = _PAYMENT_TABLE[(o2 >> 32 & 0xFFFF) % 100]
            if method == _GIFT_CARD and sold.total_incl > GIFT_CARD_VALUE:
                method = 0  # the original's last payment was the PIN rest
            payments = ((method, basket.total_incl),)
            relation = 5000 + (o1 >> 22 & 0xFFFF) % 400 if (o1 >> 12) & 0x3FF < 102 else None
            session = False
        # The id stem as _stem(key, h1) writes it, the key's day and branch part ready-made.
        stem = (
            f"{h1 >> 32:08x}-{h1 >> 16 & 0xFFFF:04x}-4{h1 >> 4 & 0xFFF:03x}-"
            f"{block.stem_middle}{seq:06x}"
        )
        return (
            block.first_marker + seq, stem, second, workplace, number, employee,
            basket, payments, relation, session, credited,
        )  # fmt: skip

    @staticmethod
    def _stem(key: int, h1: int) -> str:
        """A receipt's ids without their last two hex digits (the sub-object)."""
        tail = f"{key:013x}"
        return (
            f"{h1 >> 32:08x}-{h1 >> 16 & 0xFFFF:04x}-4{h1 >> 4 & 0xFFF:03x}-a{tail[:3]}-{tail[3:]}"
        )

    def make_id(self, key: int, sub: int) -> str:
        """The UUID of sub-object `sub` of the receipt with `key`."""
        return f"{self._stem(key, mix(key ^ self._salt))}{sub:02x}"

    def locate(self, object_id: str) -> tuple[Block, int, int] | None:
        """(block, seq, sub) of a history id; None for any other id."""
        match = _ID.match(object_id)
        if match is None:
            return None
        payload = int(match.group(4) + match.group(5), 16)
        key, sub = payload >> 8, payload & 0xFF
        if self.make_id(key, sub) != object_id:
            return None
        seq = key & 0xFFFFFF
        branch_number = key >> 24 & 0xFFF
        day = date.fromordinal((key >> 36) + _EPOCH)
        day_index = (day - self.first_day).days
        if not (0 <= day_index < self.days and 1 <= branch_number <= self._branch_count):
            return None
        block = self.block(day_index * self._branch_count + branch_number - 1)
        if seq >= block.count:
            return None
        return block, seq, sub

    def employee_name(self, number: int) -> str:
        return self._employees[number].name

    def entry(self, block: Block, second: int) -> datetime:
        return local_datetime(block.day, 0, 0, second)

    # --- finding receipts -------------------------------------------------------------------

    def day_index(self, day: date) -> int:
        return (day - self.first_day).days

    def page(
        self,
        sync_marker: int,
        limit: int | None,
        from_day: date | None = None,
        through_day: date | None = None,
        branch_numbers: Iterable[int] = (),
        keep: Callable[[Block, int], bool] | None = None,
    ) -> list[tuple[Block, int]]:
        """(block, seq) of the receipts with marker >= `sync_marker` in the date window
        and branches, ascending by marker, at most `limit` (UNLIMITED_PAGE when not
        given). Jumps straight to the first block that can hold one; `keep` (a filter
        that reads each receipt) is the slow road, for filters the layout cannot answer."""
        wanted = limit if limit is not None and limit > 0 else UNLIMITED_PAGE
        marker = max(sync_marker, 1)
        if marker > self.top_marker:
            return []
        first_block = self.block_of_marker(marker)
        first = max(first_block // self._branch_count, 0)
        last = self.days - 1
        if from_day is not None:
            first = max(first, self.day_index(from_day))
        if through_day is not None:
            last = min(last, self.day_index(through_day))
        numbers = set(branch_numbers)
        indexes = [i for i, b in enumerate(self.branches) if not numbers or b.number in numbers]
        found: list[tuple[Block, int]] = []
        for day_index in range(first, last + 1):
            for branch_index in indexes:
                index = day_index * self._branch_count + branch_index
                if index < first_block:
                    continue
                block = self.block(index)
                start = max(0, marker - block.first_marker)
                for seq in range(start, block.count):
                    if keep is None or keep(block, seq):
                        found.append((block, seq))
                        if len(found) >= wanted:
                            return found
        return found

    def by_ids(self, ids: Iterable[str]) -> list[tuple[Block, int]]:
        """(block, seq) of the history receipts among `ids` (receipt or order ids)."""
        found = []
        for object_id in ids:
            located = self.locate(object_id)
            if located is not None and located[2] in (SUB_RECEIPT, SUB_ORDER):
                found.append(located[:2])
        return found

    def shift_plans(
        self, from_day: date, through_day: date, branch_numbers: Iterable[int] = ()
    ) -> list[ShiftPlan]:
        """The clock-ins of the history days in the window, day by day, branch by branch."""
        first = max(0, self.day_index(from_day))
        last = min(self.days - 1, self.day_index(through_day))
        numbers = set(branch_numbers)
        plans: list[ShiftPlan] = []
        for day_index in range(first, last + 1):
            for branch_index, branch in enumerate(self.branches):
                if not numbers or branch.number in numbers:
                    plans.extend(self.block(day_index * self._branch_count + branch_index).shifts)
        return plans
