"""Policy pages for the documentation site, and redlines between policy versions.

``render_site(["policies"])`` gives every page of ``docs/policies/`` as text (deterministic: the
same policies give byte-identical pages); `write_pages` writes them and `stale_pages` says which
files are out of date, both touching only files `policylang docs` wrote
(`policylang.tools.docgen.output`). `policylang.tools.docgen.redline` compares two versions of a
policy. Anchors are stable (`policylang.tools.docgen.anchors`): ``rule_url`` turns a decision's rule
into a link to its paragraph.
"""
