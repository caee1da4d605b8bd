import FuzzDriver

// libFuzzer target for FuzzEntryPoints.exercise; `make fuzz` builds and runs it.
FuzzEntryPoints.runDriver(.exercise)
