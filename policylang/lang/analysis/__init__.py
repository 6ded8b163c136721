"""Static analysis: the symbol table (``symbols``), the checker's passes (``passes``: header,
references, calendars, durations, conditions, rules), the literals they read (``literals``,
``zones``) and the symbol index editors navigate (``index``)."""
