"""Keep freed array memory in the process (glibc), so a new ``(trials, months)`` array does not page-fault.

A Monte Carlo chunk makes a few hundred temporary arrays of about 1 MB. glibc's malloc serves blocks
of that size with ``mmap`` and gives them back to the kernel on ``free``, or trims the heap top back
once more than ``M_TRIM_THRESHOLD`` bytes are free; either way the next array of that size touches
new pages, one page fault per 4 KiB. On the 2-core target machine that doubled the time of a
1,000-trial chunk (measured 2026-11: merger example 115 ms → 52 ms with the settings below).

:func:`keep_freed_memory` raises the mmap threshold to glibc's maximum (32 MiB on 64-bit) and the
trim threshold to 1 GiB, so freed blocks stay in the heap and are reused; the price is that memory
freed after a run stays with the process (up to 1 GiB) instead of going back to the system. It is
process-wide, so the Monte Carlo calls it, not the base case. Elsewhere than glibc (macOS, musl) it
does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
from functools import cache

M_TRIM_THRESHOLD = -1  # mallopt parameter numbers, from glibc's <malloc.h>
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024  # glibc's largest allowed value on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX)
TRIM_THRESHOLD_BYTES = 1024 * 1024 * 1024


@cache
def keep_freed_memory() -> bool:
    """Tune glibc's malloc once per process; True if it was tuned (False where there is no glibc)."""
    if platform.libc_ver()[0] != "glibc":
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name)
    return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES))
