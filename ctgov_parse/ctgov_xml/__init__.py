"""The registry's legacy XML records (``<clinical_study>``, published until 2024, e.g. in
``AllPublicXML.zip``): ``from_ctgov_xml`` reads one into the same ``Trial`` as ``parse``
and ``from_ctgov`` give. ``FIELDS`` is the mapping, ``mapping_table()`` its document."""

from ctgov_parse.ctgov_xml.mapping import FIELDS, Field, Group, mapping_table
from ctgov_parse.ctgov_xml.read import from_ctgov_xml
from ctgov_parse.ctgov_xml.safe import MAX_DEPTH, read_xml

__all__ = ["FIELDS", "MAX_DEPTH", "Field", "Group", "from_ctgov_xml", "mapping_table", "read_xml"]
