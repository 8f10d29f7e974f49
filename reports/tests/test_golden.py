"""report.html and report.md of every sample bundle (and of a generated huge run), compared
with their approved golden files after normalising times, durations, versions and paths."""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests import support  # noqa: E402

SAMPLES = ["mixed", "empty", "reference-pass", "reference-flaw"]


class GoldenFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = support.output_dir("golden")

    def render(self, bundle):
        result = support.run_render(bundle, "--quiet")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        texts = {}
        for kind in ("html", "md"):
            with open(os.path.join(bundle, f"report.{kind}"), encoding="utf-8") as f:
                texts[kind] = support.normalise(f.read(), bundle)
        return texts

    def test_samples(self):
        for name in SAMPLES:
            with self.subTest(sample=name):
                texts = self.render(support.copy_sample(name, self.out))
                support.check_golden(self, f"{name}.html", texts["html"])
                support.check_golden(self, f"{name}.md", texts["md"])

    def test_huge_run(self):
        texts = self.render(support.make_huge_bundle(self.out))
        support.check_golden(self, "huge.md", texts["md"])
        # The HTML is large; its golden file is its outline (headings, counts, the SVG's title).
        outline = "\n".join(re.findall(r"<h[1-3][^>]*>.*?</h[1-3]>|<p class=\"muted\">.*?</p>|<title>.*?</title>",
                                       texts["html"]))
        support.check_golden(self, "huge.html-outline", outline + "\n")


if __name__ == "__main__":
    if "--update-golden" in sys.argv:
        sys.argv.remove("--update-golden")
        os.environ["CLDCERT_UPDATE_GOLDEN"] = "1"
    unittest.main()
