"""Parsing on a Dask cluster: ``read_pages`` gives a ``dask.bag.Bag`` of the outcomes
``iter_parse`` gives; ``to_dataframe`` makes the ``studies`` table of a bag a
``dask.dataframe``, and ``to_parquet`` writes every relational table as a partitioned
Parquet dataset. Needs the ``dask`` extra (``pip install 'ctgov_parse[dask]'``)."""

from ctgov_parse.dask.bag import read_pages
from ctgov_parse.dask.tables import ParquetReport, to_dataframe, to_parquet

__all__ = ["ParquetReport", "read_pages", "to_dataframe", "to_parquet"]
