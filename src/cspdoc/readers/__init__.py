"""Readers: the only code that parses files; every value leaves with its Where."""

from cspdoc.readers.definition import read_report

__all__ = ["read_report"]
