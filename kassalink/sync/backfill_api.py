"""The backfill's progress in the connection's JSON (`backfill` of /api/v1/connections/{id}/)."""

from rest_framework import serializers


class BackfillProgressSerializer(serializers.Serializer):
    from_date = serializers.DateField(help_text="First financial date of the history.")
    through_date = serializers.DateField(help_text="Last financial date (the cutover day).")
    days_total = serializers.IntegerField()
    days_done = serializers.IntegerField()
    windows_total = serializers.IntegerField(help_text="Windows (tasks) the history is cut into.")
    windows_done = serializers.IntegerField()
    windows_running = serializers.IntegerField()
    windows_failed = serializers.IntegerField(help_text="Windows that gave up; see `errors`.")
    windows_retrying = serializers.IntegerField()
    receipts = serializers.IntegerField(help_text="Receipts of the history read and stored.")
    receipts_per_second = serializers.FloatField(
        allow_null=True, help_text="All workers together, this spell of work; null: unknown."
    )
    seconds_left = serializers.IntegerField(
        allow_null=True, help_text="Estimated; null while unknown (no window done yet)."
    )
    finished_at = serializers.DateTimeField(allow_null=True)
    errors = serializers.ListField(child=serializers.CharField())
