from foedus import load_kb
from foedus.kb import check_kb


def test_real_knowledge_base_passes_the_checker(real_kb_dir, seeds):
    _, errors = check_kb(real_kb_dir, seeds)
    assert errors == [], "\n".join(map(str, errors))


def test_every_entity_cites_at_least_one_source(real_kb_dir, seeds):
    kb = load_kb(real_kb_dir, seeds)
    cited = {(k, i) for k, i, _, _ in kb.citations()}
    for kind, ent in kb.entities():
        if kind in ("source", "conflict"):
            continue
        assert (kind, ent.id) in cited, f"{kind} {ent.id} has no citation"


def test_conflicting_claims_are_both_kept(real_kb_dir, seeds):
    kb = load_kb(real_kb_dir, seeds)
    assert kb.conflicts
    for k in kb.conflicts.values():
        assert all(c in kb.claims for c in k.claims) and len(k.claims) >= 2
