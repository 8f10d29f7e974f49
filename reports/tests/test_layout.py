"""The bundle layout the renderer reads (cldcert_report.layout): its paths are the ones cldcert
writes. harness/bundle_test.cc checks the same names against harness/bundle.h from the other side."""

import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests import support  # noqa: E402
from cldcert_report import layout  # noqa: E402
from cldcert_report.load import load_bundle  # noqa: E402


class Paths(unittest.TestCase):
    def test_journal_and_step_log(self):
        self.assertEqual(layout.journal("delivery"), "journal/delivery.jsonl")
        self.assertEqual(layout.step_log("upload-basics", 2, "upload"), "logs/upload-basics/2-upload.log")

    def test_the_sample_bundles_cldcert_wrote_use_these_paths(self):
        # report.json names each journal and log as cldcert wrote it: the fallbacks must agree.
        checked = 0
        for name in sorted(os.listdir(support.SAMPLES)):
            with open(os.path.join(support.SAMPLES, name, layout.REPORT_JSON)) as f:
                report = json.load(f)
            for scenario in report.get("scenarios", []):
                if "journal" in scenario:
                    self.assertEqual(scenario["journal"], layout.journal(scenario["id"]))
                    checked += 1
                for number, step in enumerate(scenario.get("steps", []), 1):
                    self.assertEqual(step["log"], layout.step_log(scenario["id"], number, step["action"]))
                    checked += 1
        self.assertGreater(checked, 10)

    def test_a_journal_report_json_does_not_name_is_found_where_the_layout_puts_it(self):
        tmp = tempfile.mkdtemp(prefix="cldcert-layout-test-")
        self.addCleanup(shutil.rmtree, tmp, True)
        bundle_dir = support.copy_sample("reference-pass", tmp)
        scenario = dict(load_bundle(bundle_dir).report["scenarios"][0])
        named = load_bundle(bundle_dir).journal(scenario)
        del scenario["journal"]
        self.assertTrue(named)
        self.assertEqual(load_bundle(bundle_dir).journal(scenario), named)

    def test_render_writes_where_the_layout_says(self):
        tmp = tempfile.mkdtemp(prefix="cldcert-layout-test-")
        self.addCleanup(shutil.rmtree, tmp, True)
        bundle_dir = support.copy_sample("reference-pass", tmp)
        r = support.run_render(bundle_dir, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isfile(os.path.join(bundle_dir, layout.REPORT_HTML)))
        self.assertTrue(os.path.isfile(os.path.join(bundle_dir, layout.REPORT_MD)))


if __name__ == "__main__":
    unittest.main()
