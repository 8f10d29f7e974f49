"""Behaviour of the renderer beyond the golden files: user errors, self-containment, size cap,
submission readiness, evidence resolution and the timeline's modes."""

import json
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests import support  # noqa: E402
from cldcert_report import checklist, ci_link, findings, timeline  # noqa: E402
from cldcert_report.load import BundleError, load_bundle  # noqa: E402
from cldcert_report.model import build_model  # noqa: E402
from cldcert_report.render_html import render_html  # noqa: E402
from cldcert_report.render_md import MAX_BYTES, render_md  # noqa: E402


class Scratch(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="cldcert-render-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def bundle_with(self, report_text):
        bundle = os.path.join(self.tmp, "bundle")
        os.makedirs(bundle, exist_ok=True)
        with open(os.path.join(bundle, "report.json"), "w") as f:
            f.write(report_text)
        return bundle

    def model(self, name):
        return build_model(load_bundle(support.copy_sample(name, self.tmp)))

    def edited_sample(self, name, edit):
        """A scratch copy of samples/<name> whose report.json `edit` changed in place."""
        bundle = support.copy_sample(name, self.tmp)
        path = os.path.join(bundle, "report.json")
        with open(path) as f:
            report = json.load(f)
        edit(report)
        with open(path, "w") as f:
            json.dump(report, f)
        return bundle


class UserErrors(Scratch):
    def assert_one_line_error(self, bundle, *needles):
        r = support.run_render(bundle)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertNotIn("Traceback", r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        for needle in needles:
            self.assertIn(needle, r.stderr)
        self.assertFalse(os.path.exists(os.path.join(bundle, "report.html")))

    def test_missing_folder(self):
        self.assert_one_line_error(os.path.join(self.tmp, "nope"), "nope", "no such bundle folder")

    def test_missing_report_json(self):
        os.makedirs(os.path.join(self.tmp, "b"))
        self.assert_one_line_error(os.path.join(self.tmp, "b"), "report.json", "missing")

    def test_not_json(self):
        self.assert_one_line_error(self.bundle_with('{"schema": "cldcert/report/v1",\n oops}'),
                                   "report.json", "not valid JSON", "line 2")

    def test_another_schema(self):
        self.assert_one_line_error(self.bundle_with('{"schema": "something/else"}'), "report.json", "/schema")

    def test_wrong_types_are_named_by_pointer(self):
        self.assert_one_line_error(self.bundle_with(json.dumps({"schema": "cldcert/report/v1", "scenarios": {}})),
                                   "/scenarios", "expected an array")
        self.assert_one_line_error(self.bundle_with(json.dumps(
            {"schema": "cldcert/report/v1", "scenarios": [{"id": "a", "checks": [{"id": "x", "verdict": 3}]}]})),
            "/scenarios/0/checks/0/verdict", "expected a string")

    def test_not_utf8(self):
        bundle = self.bundle_with("")
        with open(os.path.join(bundle, "report.json"), "wb") as f:
            f.write(b'{"schema": "\xff"}')
        self.assert_one_line_error(bundle, "report.json", "not UTF-8")


class OddlyShapedReports(Scratch):
    """A hand-edited report.json: any field of another type is a BundleError naming it (exit 2),
    never a Python traceback."""

    def test_every_field_replaced_by_another_type(self):
        bundle = support.copy_sample("mixed", self.tmp)
        with open(os.path.join(bundle, "report.json")) as f:
            original = json.load(f)
        paths = []

        def walk(value, path):
            paths.append(path)
            children = value.items() if isinstance(value, dict) else enumerate(value[:2]) if isinstance(value, list) else []
            for key, child in children:
                walk(child, path + [key])

        walk(original, [])
        replacements = [None, 7, "x", [], {}]
        for n, path in enumerate(paths[1:]):
            report = json.loads(json.dumps(original))
            parent = report
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = replacements[n % len(replacements)]
            with open(os.path.join(bundle, "report.json"), "w") as f:
                json.dump(report, f)
            with self.subTest(path="/".join(map(str, path)), value=parent[path[-1]]):
                try:
                    model = build_model(load_bundle(bundle))
                    render_html(model)
                    render_md(model)
                except BundleError as e:
                    self.assertIn("report.json: /", str(e))


    def test_bad_journal_lines_are_left_out_with_a_note(self):
        bundle = support.copy_sample("mixed", self.tmp)
        with open(os.path.join(bundle, "journal", "delivery.jsonl"), "a") as f:
            f.write('not json\n{"id": 9, "status": "200"}\n{"id": 10, "headers": [["only-a-name"]], '
                    '"started_unix_ms": 1764540002300, "status": 200}\n')
        os.remove(os.path.join(bundle, "journal", "accounts.jsonl"))
        model = build_model(load_bundle(bundle))
        render_html(model)
        self.assertIn("journal/delivery.jsonl: 2 line(s) are not journal entries and were left out", model["notes"])
        self.assertIn("journal/accounts.jsonl: missing, so scenario accounts has no request timeline", model["notes"])
        r = support.run_render(bundle, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("render.py: note: journal/delivery.jsonl: 2 line(s)", r.stderr)


class SelfContainedHtml(Scratch):
    def test_no_script_no_external_resource(self):
        for name in ("mixed", "reference-flaw"):
            html = render_html(self.model(name))
            self.assertNotRegex(html, r"(?i)<script|<link|<iframe|@import|@font-face")
            self.assertNotRegex(html, r"(?i)(src|href)=\"(https?:)?//")
            self.assertNotRegex(html, r"url\((?!#)")  # only in-page pattern references
            for src in re.findall(r'src="([^"]*)"', html):
                self.assertTrue(src.startswith("data:image/"), src)
            self.assertIn("@media print", html)

    def test_every_checklist_item_has_a_row(self):
        html = render_html(self.model("mixed"))
        for item in checklist.checklist_items({}):
            self.assertIn(f'id="item-{item["id"]}"', html)
        # R12 is missing from the sample's report.json: still shown, as not checked.
        self.assertRegex(html, r'id="item-R12" class="verdict-not_checked"')

    def test_an_item_only_report_json_knows_still_shows(self):
        bundle = load_bundle(support.copy_sample("empty", self.tmp))
        bundle.report["checklist"].append({"item": "X1", "level": "must", "title": "A future item",
                                           "verdict": "fail", "scenarios": ["later"], "checks": ["x.rule"]})
        rows = checklist.checklist_rows(bundle.report)
        self.assertEqual([r["id"] for r in rows][-2:], ["R19", "X1"])
        self.assertEqual(rows[-1]["verdict"], "fail")

    def test_waivers_are_prominent(self):
        html = render_html(self.model("mixed"))
        self.assertLess(html.index('id="waivers"'), html.index('id="checklist"'))
        self.assertIn("W-1", html)


class Readiness(Scratch):
    def report(self, **extra):
        report = json.load(open(os.path.join(support.SAMPLES, "reference-pass", "report.json")))
        report.update(extra)
        return report

    def test_ready_when_report_json_says_so(self):
        ready, obstacles = checklist.readiness(self.report(submission_ready={"ready": True, "obstacles": []}))
        self.assertTrue(ready)
        self.assertEqual(obstacles, [])

    def test_waivers_added_later_are_never_ready(self):
        ready, obstacles = checklist.readiness(self.report(submission_ready={"ready": True, "obstacles": []},
                                                           waivers=[{"check": "ua.format"}]))
        self.assertFalse(ready)
        self.assertEqual(obstacles, ["1 waiver(s): a waived result needs Cloudinary's review"])

    def test_a_report_without_the_field_gets_the_same_rules(self):
        report = self.report()
        del report["submission_ready"]
        ready, obstacles = checklist.readiness(report)
        self.assertFalse(ready)
        self.assertEqual(len(obstacles), 1)
        self.assertTrue(obstacles[0].startswith("must items not checked by this run: B1, B2, B3, B4, B6, T3, R2,"))

    def test_banner(self):
        # One verdict a reader cannot misread: ready, passes-but-not-ready (because …), or fails.
        passing = render_html(self.model("reference-pass"))
        self.assertIn('<section id="submission" class="banner passes">', passing)
        self.assertIn("✔ Passes, but not submission-ready", passing)
        self.assertIn("**Verdict: passes but not submission-ready** (because must items not checked by this run: B1,",
                      render_md(self.model("reference-pass")))
        failing = render_html(self.model("mixed"))
        self.assertIn('<section id="submission" class="banner fails">', failing)
        self.assertIn("<h2>✘ Fails</h2>", failing)
        model = self.model("reference-pass")
        model.update(ready=True, obstacles=[])
        model["banner"] = dict(zip(("kind", "headline", "because"), checklist.banner("pass", True, [])))
        self.assertIn("✔ Submission-ready", render_html(model))
        self.assertIn("**Submission-ready: yes**", render_md(model))
        self.assertEqual(checklist.banner("pass", True, []), ("ready", "submission-ready", ""))
        self.assertEqual(checklist.banner("error", False, ["x"]), ("fails", "fails", ""))
        self.assertEqual(checklist.banner("warn", False, ["a", "b"]),
                         ("passes", "passes but not submission-ready", "a; and 1 more"))


class Markdown(Scratch):
    def test_huge_run_stays_under_the_cap_and_says_what_it_left_out(self):
        bundle = support.make_huge_bundle(self.tmp)
        text = render_md(build_model(load_bundle(bundle)))
        self.assertLessEqual(len(text.encode("utf-8")), MAX_BYTES)
        self.assertRegex(text, r"- … and \d+ more \(see report.html\)")
        self.assertIn("### Warnings (90)", text)

    def test_a_tiny_cap_still_gives_valid_utf8_and_says_so(self):
        text = render_md(self.model("mixed"), max_bytes=1500)
        self.assertLessEqual(len(text.encode("utf-8")), 1500)
        self.assertIn("cut here", text)

    def test_markdown_and_html_characters_are_escaped(self):
        text = render_md(self.model("mixed"))
        self.assertIn(r"ACME CMS \<Cloudinary\> connector", text)
        self.assertIn(r"carry a \| pipe and \*stars\*", text)
        self.assertRegex(text, r"\*\*Verdict: fails\*\*")
        for line in text.splitlines():
            if line.startswith("| "):
                self.assertEqual(len(re.findall(r"(?<!\\)\|", line)), 6, line)


    def test_failures_come_first_with_evidence_folded(self):
        text = render_md(self.model("mixed"))
        self.assertLess(text.index("### Failures, errors and waived results"), text.index("**Submission-ready"))
        self.assertLess(text.index("**Submission-ready"), text.index("<details><summary><b>Checklist</b>"))
        self.assertIn("- ❌ **T2** `ua.format` (required) in `upload-basics`, `delivery`:", text)
        self.assertIn("<details><summary>Evidence (3 items in 2 scenarios)</summary>", text)
        self.assertEqual(text.count("<details>"), text.count("</details>"))

    def test_the_bundle_artifact_is_linked_on_ci(self):
        def on(ci):
            model = self.model("mixed")
            model["bundle_link"] = ci_link.bundle_link(ci)
            return render_md(model)

        github = on({"github": {"server_url": "https://github.com", "repository": "acme/plugin", "run_id": "4242"}})
        self.assertIn("**Evidence bundle:** [artifacts of GitHub Actions run 4242]"
                      "(https://github.com/acme/plugin/actions/runs/4242#artifacts)", github)
        gitlab = on({"gitlab": {"job_url": "https://gitlab.example/acme/plugin/-/jobs/77"}})
        self.assertIn("(https://gitlab.example/acme/plugin/-/jobs/77/artifacts/browse)", gitlab)
        self.assertNotIn("Evidence bundle", on(None))
        self.assertNotIn("Evidence bundle", render_md(self.model("mixed")))  # a bundle of no CI run
        # A value that is not a plain URL is no link (it would break out of the Markdown).
        self.assertNotIn("Evidence bundle", on({"gitlab": {"job_url": "javascript:alert(1)"}}))
        self.assertIn("(https://gitlab.example/a%28b%29/artifacts/browse)", on({"gitlab": {"job_url": "https://gitlab.example/a(b)"}}))

    def test_the_link_comes_from_report_json_not_from_where_it_is_rendered(self):
        def edit(report):
            report["provenance"] = {"ci": {"gitlab": {"job_url": "https://gitlab.example/j/1"}}}

        model = build_model(load_bundle(self.edited_sample("mixed", edit)))
        self.assertIn("(https://gitlab.example/j/1/artifacts/browse)", render_md(model))

    def test_a_live_run_names_its_clouds_and_what_it_sent_a_mock_run_nothing(self):
        def edit(report):
            report["mode"] = "live"
            report["live"] = {"clouds": ["acme-test"], "requests": 12, "bytes_sent": 3400, "bytes_received": 560,
                              "left_behind": ["image/upload 'x' in cloud acme-test: the delete call got 500"]}

        model = build_model(load_bundle(self.edited_sample("mixed", edit)))
        md = render_md(model)
        self.assertIn("**live clouds** acme-test · 12 requests, 3400 bytes sent, 560 received", md)
        self.assertIn("left behind: image/upload 'x' in cloud acme-test", md)
        html = render_html(model)
        self.assertIn("<strong>live</strong>: acme-test", html)
        self.assertIn("<tr><th>Left behind</th>", html)
        self.assertNotIn("live clouds", render_md(self.model("mixed")))
        self.assertNotIn("assets tagged", md)  # a bundle from before live runs had a tag

    def test_a_live_runs_mock_fidelity_is_shown_with_its_most_frequent_differences(self):
        def edit(report):
            report["mode"] = "live"
            report["live"] = {"clouds": ["acme-test"], "requests": 9, "bytes_sent": 2, "bytes_received": 3,
                              "left_behind": [],
                              "fidelity": {"compared": 9, "differing": 4, "distinct": 1, "top": [
                                  {"text": "POST upload upload: size_bytes is missing in the mock (live: integer)",
                                   "answers": 4}]}}

        model = build_model(load_bundle(self.edited_sample("mixed", edit)))
        md = render_md(model)
        self.assertIn("**mock fidelity** 9 answers compared with the mock's own, 4 differed (1 distinct differences, "
                      "`fidelity.json`) · POST upload upload: size\\_bytes is missing in the mock (live: integer) (4×)", md)
        html = render_html(model)
        self.assertIn("<tr><th>Mock fidelity</th><td>9 answers compared with the mock's own, 4 differed", html)
        self.assertIn("<li>POST upload upload: size_bytes is missing in the mock (live: integer) (4×)</li>", html)
        self.assertNotIn("mock fidelity", render_md(self.model("mixed")))

    def test_a_live_runs_tag_is_shown(self):
        def edit(report):
            report["mode"] = "live"
            report["live"] = {"clouds": ["acme-test"], "requests": 1, "bytes_sent": 2, "bytes_received": 3,
                              "left_behind": [], "run_id": "20261203-225500-3f9a1c",
                              "tag": "cldcert-20261203-225500-3f9a1c"}

        model = build_model(load_bundle(self.edited_sample("mixed", edit)))
        self.assertIn("3 received · assets tagged `cldcert-20261203-225500-3f9a1c`", render_md(model))
        self.assertIn("3 received · assets tagged <code>cldcert-20261203-225500-3f9a1c</code>", render_html(model))

    def test_under_githubs_comment_limit(self):
        text = render_md(build_model(load_bundle(support.make_huge_bundle(self.tmp))))
        self.assertLess(len(text), 65536)


class GroupedFindings(Scratch):
    """One root cause is one finding, whatever the number of scenarios that show it."""

    def test_the_same_check_expected_and_seen_in_two_scenarios_is_one_finding(self):
        t2 = next(g for g in self.model("mixed")["findings"] if g["item"] == "T2")["findings"]
        self.assertEqual(len(t2), 1)
        self.assertEqual(t2[0]["scenarios"], ["upload-basics", "delivery"])
        self.assertEqual(t2[0]["requests"], 3)
        self.assertEqual([o["message"] for o in t2[0]["occurrences"]],
                         ["2 of 4 API request(s) lack the partner User-Agent",
                          "1 of 1 API request(s) lack the partner User-Agent"])

    def test_another_seen_value_is_another_finding(self):
        def edit(report):
            report["scenarios"][1]["checks"][0]["seen"] = "'curl/8.0'"

        groups = build_model(load_bundle(self.edited_sample("mixed", edit)))["findings"]
        self.assertEqual(len(next(g for g in groups if g["item"] == "T2")["findings"]), 2)

    def test_checklist_rows_link_their_findings_and_say_why(self):
        html = render_html(self.model("mixed"))
        self.assertIn('<a href="#finding-T2-1">fail: <code>ua.format</code> in upload-basics, delivery</a>', html)
        self.assertIn('<article class="finding f-fail" id="finding-T2-1">', html)
        self.assertIn("<li><code>transformation.optimized</code> in delivery skipped: no delivery URL to judge</li>", html)
        self.assertIn('<details class="passed"><summary>1 passing check(s): what was verified</summary>'
                      '<ul><li><code>secret.traffic</code> in upload-basics: 4 requests, no secret in any</li>', html)

    def test_evidence_is_folded_and_the_offending_value_marked(self):
        html = render_html(self.model("mixed"))
        self.assertIn('<details class="occurrence"><summary>Evidence in scenario <b>delivery</b>: '
                      '1 of 1 API request(s) lack the partner User-Agent (1 item(s))</summary>', html)
        self.assertIn("<mark>User-Agent</mark>: <mark>CloudinaryNodeJS/2.11.0 &lt;node&gt;</mark>", html)
        # A header the finding does not talk about is not marked.
        self.assertIn("\nHost: 127.0.0.1:40000\n", html)

    def test_widget_findings_show_the_scenarios_screenshots(self):
        html = render_html(self.model("mixed"))
        finding = html[html.index('id="finding-R15-1"'):]
        finding = finding[:finding.index("</article>")]
        self.assertIn('<img src="data:image/png;base64,', finding)
        self.assertIn("<code>screenshots/delivery/01-media_library.png</code>", finding)
        self.assertNotIn("02-upload_widget.png", finding, "another widget's page")


class Steps(Scratch):
    def test_skipped_and_concurrent_steps_say_so(self):
        def edit(report):
            steps = report["scenarios"][0]["steps"]
            self.assertGreaterEqual(len(steps), 3)
            steps[0]["skipped"] = "the manifest has no 'package' action"
            steps[1]["concurrent_group"] = 1
            steps[2]["concurrent_group"] = 1

        model = build_model(load_bundle(self.edited_sample("mixed", edit)))
        rows = model["scenarios"][0]["steps"]
        self.assertEqual(rows[1]["together"], "#3")
        self.assertEqual(rows[2]["together"], "#2")
        self.assertEqual(rows[0]["together"], "")
        html = render_html(model)
        self.assertIn("skipped — the manifest has no &#39;package&#39; action", html)
        self.assertIn("(at once with #3)", html)


class NotApplicableChecks(Scratch):
    def test_a_check_for_a_widget_the_integration_does_not_offer_is_no_finding_and_says_why(self):
        reason = "the manifest does not declare video_player: the integration offers no Video Player"

        def edit(report):
            scenario = report["scenarios"][0]
            scenario["checks"].append({"id": "widget.video_player", "item": "R12", "level": "required",
                                       "verdict": "not_applicable", "message": reason, "evidence": []})
            report["checklist"] = [line for line in report["checklist"] if line["item"] != "R12"] + [
                {"item": "R12", "level": "must", "title": "Video player", "verdict": "not_applicable",
                 "reason": f"widget.video_player in {scenario['id']}: {reason}", "scenarios": [scenario["id"]],
                 "checks": ["widget.video_player"]}]

        loaded = load_bundle(self.edited_sample("mixed", edit))
        model = build_model(loaded)
        self.assertEqual(model["scenarios"][0]["check_counts"].get("not_applicable"), 1)
        self.assertNotIn("widget.video_player", [f["check"] for g in findings.findings(loaded) for f in g["findings"]])
        html = render_html(model)
        self.assertIn("not applicable: widget.video_player in", html, "the item's reason")
        self.assertIn("1 not applicable", html, "the scenario's check counts")


class Evidence(Scratch):
    def test_request_evidence_shows_the_journal_entry(self):
        groups = self.model("mixed")["findings"]
        t2 = next(g for g in groups if g["item"] == "T2")["findings"][0]
        first = t2["evidence"][0]
        self.assertEqual(first["request_line"], "POST /v1_1/acme-prod/image/upload")
        self.assertIn(("User-Agent", "CloudinaryNodeJS/2.11.0 <node>"), first["headers"])
        p3 = next(g for g in groups if g["item"] == "P3")["findings"][0]
        self.assertEqual(p3["evidence"][0]["missing"], "not in journal/upload-basics.jsonl")

    def test_redacted_values_pass_through_untouched(self):
        bundle = load_bundle(support.copy_sample("mixed", self.tmp))
        scenario = bundle.report["scenarios"][0]
        upload = findings.resolve_evidence(bundle, scenario, {"kind": "request", "ref": "journal:1"})
        self.assertIn(("signature", "[REDACTED]"), upload["fields"])
        self.assertIn(("file", "<file shoe.jpg 20480 bytes>"), upload["fields"])
        admin = findings.resolve_evidence(bundle, scenario, {"kind": "request", "ref": "journal:4"})
        self.assertIn(("Authorization", "Basic [REDACTED]"), admin["headers"])
        self.assertEqual(admin["request_line"], "GET /v1_1/acme-prod/resources/image?max_results=10")

    def test_screenshots_are_embedded_and_stay_inside_the_bundle(self):
        bundle = load_bundle(support.copy_sample("mixed", self.tmp))
        scenario = {"id": "accounts", "steps": []}
        shot = findings.resolve_evidence(bundle, scenario, {"kind": "screenshot", "ref": "screenshots/widget.png"})
        self.assertTrue(shot["data_uri"].startswith("data:image/png;base64,iVBOR"))
        outside = findings.resolve_evidence(bundle, scenario, {"kind": "screenshot", "ref": "../../../../etc/hostname.png"})
        self.assertNotIn("data_uri", outside)

    def test_scenario_errors_come_first_with_their_failed_step(self):
        groups = self.model("mixed")["findings"]
        self.assertEqual(groups[0]["item"], "run")
        step = groups[0]["findings"][0]["evidence"][0]
        self.assertEqual((step["ref"], step["log"], step["log_present"]), ("login#2", "logs/accounts/2-login.log", True))


class ErrorsBesideFailures(unittest.TestCase):
    """cldcert ranks a failure above an error and says an errored scenario "errored" whatever its verdict."""

    def test_a_failed_scenario_that_stopped_at_an_error_is_still_named(self):
        report = {"verdict": "fail", "checklist": [], "scenarios": [
            {"id": "a", "verdict": "fail", "errored": True, "reason": "step 3 (upload) exited with 1", "checks": []}]}
        self.assertIn("scenario a errored: step 3 (upload) exited with 1", checklist.readiness(report)[1])
        # A report of cldcert 0.2 said it with the verdict alone.
        self.assertTrue(checklist.scenario_errored({"verdict": "error", "reason": "x"}))
        self.assertFalse(checklist.scenario_errored({"verdict": "not_applicable", "reason": "no video"}))

    def test_the_checklist_row_carries_both_lists_and_fail_ranks_first(self):
        report = {"checklist": [{"item": "T2", "verdict": "fail", "failed": ["ua.consistent in a"],
                                 "errored": ["ua.format in b"]}]}
        row = next(r for r in checklist.checklist_rows(report) if r["id"] == "T2")
        self.assertEqual((row["failed"], row["errored"]), (["ua.consistent in a"], ["ua.format in b"]))
        self.assertLess(checklist.verdict_info("fail")["rank"], checklist.verdict_info("error")["rank"])

    def test_step_expectations_in_words(self):
        from cldcert_report.model import expected_exit
        self.assertEqual(expected_exit({"expect": "success"}), "")
        self.assertEqual(expected_exit({"expect": "refusal"}), "a refusal expected")
        self.assertEqual(expected_exit({"expected_failure": True}), "a refusal expected")
        self.assertEqual(expected_exit({"expect": "success_or_refusal"}), "success or a refusal expected")
        self.assertEqual(expected_exit({"expect": {"exit_codes": [0, 2, 3]}}), "exit 0, 2 or 3 expected")
        self.assertEqual(expected_exit({"expect": {"exit_codes": [4]}}), "exit 4 expected")


class Timeline(unittest.TestCase):
    def entries(self, n, status=200):
        return [{"id": i, "started_unix_ms": 1000 + i * 10, "duration_ms": 5, "status": status, "cloud": f"c{i % 2}",
                 "method": "GET", "path": "/x"} for i in range(1, n + 1)]

    def test_status_classes(self):
        classes = [timeline.status_class({"status": s}) for s in (200, 204, 404, 420, 429, 500, 0, 302)]
        self.assertEqual(classes, ["2xx", "2xx", "4xx", "rate", "rate", "5xx", "dropped", "other"])
        self.assertEqual(timeline.status_class({"status": 200, "dropped": True}), "dropped")

    def test_modes_by_size(self):
        few = timeline.timeline_svg(self.entries(2), [], "a")
        self.assertIn("one row per request", few)
        self.assertEqual(few.count('<g class="req'), 2)
        some = timeline.timeline_svg(self.entries(300), [], "b")
        self.assertRegex(some, r"300 requests in \d+ lane\(s\)")
        many = timeline.timeline_svg(self.entries(2000), [], "c")
        self.assertIn("2000 requests counted per", many)
        self.assertNotIn('<g class="req', many)
        self.assertLess(len(many), 120_000)
        self.assertEqual(timeline.timeline_svg([], [], "d"), "")

    def test_a_request_a_finding_points_at_is_coloured_by_the_finding(self):
        svg = timeline.timeline_svg(self.entries(2), [], "f", {2: "fail"})
        self.assertEqual(svg.count('<g class="req 2xx finding-fail">'), 1)
        self.assertIn(f'fill="{timeline.FINDING_COLOURS["fail"]}"', svg)
        legend = timeline.legend(self.entries(2), "f", {2: "fail"})
        self.assertIn(("finding", "evidence of a failure: 1"), [(k, label) for k, label, _ in legend])

    def test_paths_are_printed_and_tiny_requests_stay_visible(self):
        entries = self.entries(2)
        entries[0]["duration_ms"] = 0
        svg = timeline.timeline_svg(entries, [], "g")
        self.assertEqual(svg.count('<text class="path"'), 2)
        widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="10"', svg)]
        self.assertGreaterEqual(min(widths), timeline.MIN_BAR)

    def test_step_labels_never_overlap(self):
        # Twelve steps within a few milliseconds: the labels take as many lines as they need.
        entries = self.entries(12)
        steps = [{"action": f"upload-a-long-action-{i}", "journal": {"after": i, "through": i + 1}} for i in range(12)]
        svg = timeline.timeline_svg(entries, steps, "h")
        boxes = []
        for x, y, anchor, text in re.findall(r'<text class="step" x="([\d.]+)" y="(\d+)" text-anchor="(\w+)">([^<]*)', svg):
            width = len(text) * timeline.STEP_CHAR
            left = float(x) - width if anchor == "end" else float(x)
            boxes.append((int(y), left, left + width))
        self.assertEqual(len(boxes), 12)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                self.assertFalse(a[0] == b[0] and a[1] < b[2] and b[1] < a[2], (a, b))

    def test_steps_without_requests_are_marked_where_they_fell(self):
        steps = [{"action": "upload", "journal": {"after": 0, "through": 1}},
                 {"action": "logout", "journal": {"after": 1, "through": 1}},
                 {"action": "upload", "journal": {"after": 1, "through": 2}}]
        svg = timeline.timeline_svg(self.entries(2), steps, "e")
        self.assertIn("2·logout (no request)", svg)
        self.assertIn('stroke-dasharray="3,3"', svg)


if __name__ == "__main__":
    unittest.main()
