#!/usr/bin/env python3
"""A stand-in for a SharpFuzz LibFuzzer.Run target, to check dotnet-driver's failure handling without .NET.

Speaks the same protocol (see dotnet-driver.c) and misbehaves on request: an input starting with CRASH reports an
exception, HANG never answers, DIE exits without answering; any other input marks one edge and reports success.
Used by selftest.sh.
"""
import ctypes
import os
import struct
import sys
import time

MAP_SIZE = 1 << 16

libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]

shm_id = int(os.environ["__LIBFUZZER_SHM_ID"])
control = int(os.environ["__LIBFUZZER_CONTROL_PIPE_ID"])
status = int(os.environ["__LIBFUZZER_STATUS_PIPE_ID"])
base = libc.shmat(shm_id, None, 0)
if base in (None, ctypes.c_void_p(-1).value):
    sys.exit("fake target: shmat failed")
edges = (ctypes.c_uint8 * MAP_SIZE).from_address(base)

os.write(status, struct.pack("<i", 0))
while True:
    header = os.read(control, 4)
    if len(header) < 4:
        sys.exit(0)  # the driver went away
    (size,) = struct.unpack("<i", header)
    data = ctypes.string_at(base + MAP_SIZE, size)
    if data.startswith(b"CRASH"):
        print("fake target: planted exception", file=sys.stderr)
        os.write(status, struct.pack("<i", 2))
        sys.exit(0)
    if data.startswith(b"HANG"):
        time.sleep(3600)
    if data.startswith(b"DIE"):
        os._exit(3)
    edges[1 + size % 100] += 1
    os.write(status, struct.pack("<i", 0))
