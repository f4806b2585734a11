"""Pages of the work queue and the overdue list, whose count stops at a cap.

An exact COUNT reads every matching row: the open dossiers of a whole country are hundreds of
thousands, and counting them took longer than reading the page (issue 9). Counting stops at
``cap`` + 1 rows, so the page costs the same however many match; past the cap the screen says
"more than 1.000" and pages up to the cap (20 pages of 50, due soonest first: past them, the
dossier list's filters narrow the queue). The exact counts, of dossiers in progress and overdue
per centre, desk and sector, are the dashboard's statistics (roll-ups).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

QUEUE_COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """A Paginator whose ``count`` is exact up to ``cap`` and ``cap + 1`` beyond it."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = QUEUE_COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        # Any cap + 1 rows will do: without an order the database counts them on whichever
        # index reaches them soonest.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        """More rows match than were counted: the count shown is "more than ``cap``"."""
        return self.count > self.cap

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # The (cap + 1)th row was only counted, never listed.
        top = min(bottom + self.per_page, self.cap)
        return self._get_page(self.object_list[bottom:top], number, self)

    @cached_property
    def num_pages(self) -> int:
        # Pages reach the cap, not past it: the (cap + 1)th row alone would make a page.
        return super().num_pages if not self.capped else -(-self.cap // self.per_page)
