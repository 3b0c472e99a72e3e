"""kassalink: links the MplusKASSA point of sale to workforce planning and digital receipts."""

__version__ = "0.1.0"
