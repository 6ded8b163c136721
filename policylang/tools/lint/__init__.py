"""``policylang lint``: static analysis beyond the checker.

The checker (:mod:`policylang.lang.analysis`) says whether a policy *means* something; the linter
asks whether it means what its author wanted. It searches the space of requests the policy's
conditions range over (:mod:`policylang.tools.lint.search`) and reports, each with a stable code,
the places involved and, where it helps, a request that shows the problem:

==========  ====================================================================  ==========
analysis    finds                                                                 codes
==========  ====================================================================  ==========
overlaps    one item assigned to two parties or two teams                         PL601
gaps        requests with no SLA target, no handler or no charge outcome          PL611-613
shadowing   rules no request reaches; conditions that never hold                  PL621-622
duplicates  items listed twice, items and labels that read alike                  PL631-633
targets     response after resolution, 24/7 and business-hours mix-ups, long      PL641-644
notes       the contradictions and source defects the policy declares (info)      PL651-652
unused      calendars, inputs and priorities nothing uses                         PL661-663
citations   rules that cite no clause                                             PL671
horizon     effective dates a calendar cannot count, calendars almost never       PL681-683
            open, targets a calendar cannot count
==========  ====================================================================  ==========

Every search has a budget; a search that exhausts it reports PL690 (information) instead of
conclusions it could not finish. See docs/lint.md.

Use::

    from policylang.tools.lint.linter import lint, lint_paths

    report = lint_paths(["policies/"])      # check, then lint every file without errors
    for finding in report.findings: ...
    lint(checked_file)                      # one checked (or parsed) file -> diagnostics
"""
