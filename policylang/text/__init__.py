"""The English policylang writes: counts with their nouns, "did you mean" hints, how a message
names and quotes a value.

A leaf of the package (it imports nothing of policylang), below every stage: the checker, the
runtime, the tools and the shells word things the same way by calling it.
"""
