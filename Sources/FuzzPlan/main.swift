import FuzzDriver

// libFuzzer target for FuzzEntryPoints.plan; `make fuzz` builds and runs it.
FuzzEntryPoints.runDriver(.plan)
