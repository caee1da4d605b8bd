import FuzzDriver

// libFuzzer target for FuzzEntryPoints.markdown; `make fuzz` builds and runs it.
FuzzEntryPoints.runDriver(.markdown)
