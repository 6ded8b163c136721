"""``policylang lsp``: a language server for `.policy` files, over standard input and output.

Built with pygls on the library's front and :mod:`policylang.editor`: the checker, linter,
formatter and evaluator answer; this package only speaks the protocol. Features: diagnostics as
you type (every PL code, lint findings as warnings and hints), hover, go to definition, find
references, rename, completion, outline, folding, formatting, quick fixes and a code lens that
evaluates the examples of a ``*.tests.yaml`` file. See docs/editors.md.
"""
