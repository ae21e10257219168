"""newsbeam's driver: options, the command line, and the wiring of stages into a graph."""
