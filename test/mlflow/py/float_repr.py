"""repr() of IEEE doubles given as 16-hex-digit bit patterns: python float_repr.py IN.json -> last line JSON list."""
import json
import struct
import sys

bits = json.load(open(sys.argv[1]))
print(json.dumps([repr(struct.unpack(">d", bytes.fromhex(b))[0]) for b in bits]))
