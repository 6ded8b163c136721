"""The policy test runner (``policylang test``), by job: ``files`` (finding and reading
``*.tests.yaml``), ``matching`` (a decision against what a case expects), ``cases`` (running one
case), ``coverage`` (the rules the cases exercised) and ``runner`` (the whole run)."""
