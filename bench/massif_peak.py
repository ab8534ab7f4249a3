#!/usr/bin/env python3
"""The live heap at a massif snapshot, grouped by the innermost `handbook` frame of each stack.

    valgrind --tool=massif --massif-out-file=OUT --threshold=0.5 --depth=40 BIN build -q --output-dir DIR
    python3 bench/massif_peak.py OUT [SNAPSHOT]

massif sees only the system allocator: build BIN with `src/main.rs`'s `#[global_allocator]`
commented out. Without SNAPSHOT, the peak.
"""
import collections
import re
import sys

lines = open(sys.argv[1]).read().split('\n')
want = sys.argv[2] if len(sys.argv) > 2 else None
i = 0; snaps = []
while i < len(lines):
    if lines[i].startswith('snapshot='):
        n = lines[i].split('=')[1]; j = i+1; heap_tree=None
        while j < len(lines) and not lines[j].startswith('snapshot='):
            if lines[j].startswith('heap_tree='): heap_tree = lines[j].split('=')[1]; tree_start=j+1; break
            j += 1
        snaps.append((n, heap_tree, j+1))
    i += 1
pick = [s for s in snaps if (s[1]=='peak' if want is None else s[0]==want)][0]
pos = pick[2]
agg = collections.Counter()
def parse(pos, found):
    line = lines[pos].strip()
    m = re.match(r'n(\d+): (\d+) (.*)', line)
    nkids, b, desc = int(m.group(1)), int(m.group(2)), m.group(3)
    pos += 1
    here = found
    if found is None and 'handbook::' in desc:
        d = re.sub(r'^0x[0-9A-F]+: ', '', desc)
        d = re.sub(r' \(in /.*\)$', '', d)
        here = d[:160]
        agg[here] += b
    kids_total = 0
    for _ in range(nkids):
        pos, kb = parse(pos, here)
        kids_total += kb
    if nkids == 0 and found is None and here is None:
        agg['(no handbook frame) ' + desc[:100]] += b
    return pos, b
parse(pos, None)
tot = sum(agg.values())
print('snapshot', pick[0], 'total', tot)
for k, v in agg.most_common(40):
    print('%6.1f MB %5.1f%%  %s' % (v/1e6, 100*v/tot, k))
