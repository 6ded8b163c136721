"""Impact analysis: what a policy change does to real tickets.

``facets`` (what of a decision is compared, and how each difference is classified), ``compare``
(every ticket decided under both sides, its changes), ``summary`` (counts, distributions and the
most affected, mergeable across partitions), ``render`` (Markdown and the chart) and ``run`` (a
partition's tickets through all of it, for one process or a Dask worker).
"""
