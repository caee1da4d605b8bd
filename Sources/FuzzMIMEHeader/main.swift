import FuzzDriver

// libFuzzer target for FuzzEntryPoints.mimeHeader; `make fuzz` builds and runs it.
FuzzEntryPoints.runDriver(.mimeHeader)
