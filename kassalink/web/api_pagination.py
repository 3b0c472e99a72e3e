"""Pages of API lists: ?limit= and ?offset= as DRF reads them, within what a database holds.

DRF takes any whole number; a limit or offset past 64 bits then fails inside the database
driver (a 500). A limit is capped at MAX_LIMIT and an offset beyond any real list is a 400.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from kassalink.web.ids import MAX_ID


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 1000

    def get_offset(self, request: Request) -> int:
        offset = super().get_offset(request)
        if offset > MAX_ID // 2:
            raise ValidationError({self.offset_query_param: [_("Deze offset is te groot.")]})
        return offset
