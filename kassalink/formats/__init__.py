"""Date formats in the product's own style (FORMAT_MODULE_PATH): Dutch "1 dec 2026 16:51"
with lowercase month abbreviations, English "1 Dec 2026 16:51". Django's `b` is the
lowercase three-letter month, translated (mrt, mei, okt); `M` is the same, capitalised."""
