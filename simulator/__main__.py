import gc
import sys

from simulator.cli import main

code = main()
# Exit without the interpreter's final garbage collections walking every object the imports made (numba's
# compiler state above all): they took ≈ 0.25 s of each call, more than the command itself (issue 18).
gc.freeze()
sys.exit(code)
