"""Where partitioned work runs: in this process, or on a Dask cluster.

``bundle`` (a policy set as its source texts, shipped to workers and compiled once per worker
process), ``tasks`` (one partition of ``batch``, ``report`` or ``impact``, and the merging of their
summaries in partition order) and ``dask`` (the tasks on a Dask cluster, local or remote; needs
the ``scale`` extra).
"""
