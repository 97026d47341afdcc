"""The reliability page in a browser: the chart is drawn by the locally served plotly.js, nothing remote."""

from __future__ import annotations

import pytest

from foedus import paths
from tests.e2e.conftest import shot

pytestmark = pytest.mark.skipif(not (paths.data_dir() / "cow_war_inter_dyad_year.csv").is_file(),
                                reason="shared COW/ATOP data folder not found")


def test_reliability_chart_draws_bars_for_one_war_with_local_plotly(page, fixture_server):
    page.goto(fixture_server.url + "/reliability?war=139")
    page.wait_for_selector("#reliability-plot svg .bars path", state="attached")
    assert page.locator("#reliability-plot .legendtext").count() >= 1
    assert page.js_errors == []
    page.locator("table.rows a code").first.click()
    page.wait_for_selector("ul.tree.explain li", state="attached")
    assert "Explanation" in page.content()
    shot(page, "reliability-row")
