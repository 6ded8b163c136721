"""The language: policy text -> checked AST.

``source`` (files and spans), ``syntax/`` (Lark stays inside it: parser, transformer, error
recovery, incremental reparsing, what the grammar expects at a point), ``ast`` (the tree),
``analysis/`` (symbols and the checker's passes), ``loader`` (paths on disk -> checked files),
``diagnostics`` with their ``codes`` and ``rendering``, ``printer`` (the canonical layout
`policylang fmt` writes) and ``highlight`` (the Pygments lexer). Nothing here knows the compiled
model or the runtime.
"""
