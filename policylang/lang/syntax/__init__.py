"""The syntax layer: policy text -> AST. Lark stays inside this package."""
