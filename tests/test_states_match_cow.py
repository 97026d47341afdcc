import csv

from foedus import paths
from foedus.kb import load


def test_state_codes_agree_with_the_cow_state_list(real_kb_dir):
    with open(paths.data_dir() / "cow_states.csv", newline="") as f:
        cow = {(r["stateabb"], int(r["ccode"])) for r in csv.DictReader(f)}
    kb, _ = load(real_kb_dir)
    for s in kb.states.values():
        if s.ccode is not None:
            assert (s.id, s.ccode) in cow, f"{s.id}/{s.ccode} is not a COW state"
