#!/usr/bin/env bash
# The figure in docs/reliability.md ("A damaged database"): a store with the demo study, 2,000 more studies and a
# 12,000-slice trace; one leaf page of the studies table and one of trace_slice overwritten with junk (as a failing
# disk or a torn copy would); Fleetwise refuses the file and names the way out; `db salvage` copies what still reads.
# Needs the built jar (mvn -B -pl app -am package -DskipTests), sqlite3 and python3. Works in a fresh temp folder.
set -euo pipefail
fleetwise="$(cd "$(dirname "$0")/.." && pwd)/bin/fleetwise"
work=$(mktemp -d)
cd "$work"
"$fleetwise" --db store.db study list > /dev/null
python3 - <<'PY'
import json
events = [{"ph": "X", "name": "k%d" % (i % 97), "pid": 1, "tid": i % 4, "ts": i, "dur": 0.5} for i in range(12000)]
json.dump({"traceEvents": events}, open("t.json", "w"))
PY
"$fleetwise" --db store.db trace import t.json --name replay > /dev/null
sqlite3 store.db "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
  INSERT INTO studies (name, created_at, updated_at, payload_json) SELECT printf('study %04d', i), '2026-12-07T00:00:00Z',
  '2026-12-07T00:00:00Z', json_object('note', printf('%.200c', 'n')) FROM n;
  PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;" > /dev/null
python3 - <<'PY'
import sqlite3, struct
db = sqlite3.connect("store.db")
size = db.execute("PRAGMA page_size").fetchone()[0]
roots = dict(db.execute("SELECT name, rootpage FROM sqlite_master WHERE name IN ('studies', 'trace_slice')"))
db.close()
data = bytearray(open("store.db", "rb").read())
def leaf(page, nth):  # follow the nth child pointer down the table's b-tree to a leaf page
    while data[(page - 1) * size] == 0x05:
        at = (page - 1) * size
        k = min(nth, struct.unpack(">H", data[at + 3:at + 5])[0] - 1)
        cell = struct.unpack(">H", data[at + 12 + 2 * k:at + 14 + 2 * k])[0]
        page = struct.unpack(">I", data[at + cell:at + cell + 4])[0]
    return page
for name, nth in (("studies", 3), ("trace_slice", 5)):
    p = leaf(roots[name], nth)
    data[(p - 1) * size:p * size] = b"\x5a" * size
open("store.db", "wb").write(data)
PY
before=$(md5sum < store.db)
"$fleetwise" --db store.db study list || true
"$fleetwise" db salvage store.db rescued.db 2> /dev/null
[ "$before" = "$(md5sum < store.db)" ] && echo "store.db unchanged (md5)"
echo "studies listed from rescued.db: $("$fleetwise" --db rescued.db study list --csv | tail -n +2 | wc -l)"
"$fleetwise" --db rescued.db trace list
echo "(files in $work)"
