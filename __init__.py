"""kbassist: legacy Microsoft KB articles -> records -> search -> console.

The repository root is this package (pyproject's `package-dir` maps `kbassist` to `.`),
so the folders `kbparse/`, `index/` and `tui/` install as `kbassist.kbparse`,
`kbassist.index` and `kbassist.tui`: one distinctive name on the import path, while
the repository keeps its layout. Nothing is imported here, so `import kbassist.kbparse`
stays as light as the parser itself.
"""
