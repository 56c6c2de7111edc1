"""The console's widgets; each shows article or paste text only through tui.safe."""
