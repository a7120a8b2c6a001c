"""Random plans written in the layouts offices use read back with the units they were given."""
import importlib.util
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports.importers import parse_text

_spec = importlib.util.spec_from_file_location(
    "make_corpus", Path(__file__).parents[1] / "corpus" / "import" / "make_corpus.py")
corpus = importlib.util.module_from_spec(_spec)
sys.modules["make_corpus"] = corpus  # its dataclasses look their module up
_spec.loader.exec_module(corpus)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), style=st.sampled_from(sorted(corpus.MARKER_STYLES)),
       units=st.sampled_from(["bracket", "lines"]), top=st.sampled_from(["comma", "paren"]),
       sub=st.sampled_from(["dot", "dun", "wide", "paren", "half", "circled"]),
       bracket=st.integers(0, 3), sections=st.booleans())
def test_random_plans_keep_their_units(seed, style, units, top, sub, bracket, sections):
    top = "paren" if sections else top  # under 三、重点任务 the groups are （一）（二）
    plan = corpus.make_plan(seed, n_groups=2, per_group=3, leaders=units == "lines")
    lines = corpus.prose(plan, top=top, sub=sub, units=units, style=style, bracket=bracket,
                         sections=sections)
    draft = parse_text("\n".join(lines)).draft
    leaves = [t for t in draft.all_tasks() if not t.children]
    want = [(it.lead, it.responsible, it.leaders) for g in plan.groups for it in g.items]
    assert [(t.lead_units, t.responsible_units, t.responsible_leaders) for t in leaves] == want
    assert [t.title for t in draft.tasks] == [g.title for g in plan.groups]
