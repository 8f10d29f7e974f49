#include "harness/checks/doc_sections.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cldcert {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> texts(const std::vector<DocHeading>& headings) {
  std::vector<std::string> out;
  for (const auto& h : headings) out.push_back(std::to_string(h.line) + ":" + std::to_string(h.level) + ":" + h.text);
  return out;
}

TEST(MarkdownHeadings, AtxAndSetextButNotInsideCodeFences) {
  auto headings = markdown_headings(
      "Plugin\n======\n\nIntro text.\n\n## Install ##\n\n```sh\n# not a heading\nnpm ci\n```\n\n"
      "Usage\n-----\n\n   ### Deep\n#no-space is not a heading\n    # indented code\n~~~\n## fenced\n~~~\n");
  EXPECT_THAT(texts(headings), ElementsAre("1:1:Plugin", "6:2:Install", "13:2:Usage", "16:3:Deep"));
}

TEST(MarkdownHeadings, ABodyRunsToTheNextHeadingOfTheSameLevel) {
  auto headings = markdown_headings("## Support\nMail us.\n### Hours\n9-5\n## License\nMIT\n");
  ASSERT_EQ(headings.size(), 3u);
  EXPECT_EQ(headings[0].body, "Mail us.\n### Hours\n9-5\n");
  EXPECT_EQ(headings[2].body, "MIT\n");
}

TEST(MarkdownHeadings, AParagraphsLastLineAboveADashRuleIsNotAHeading) {
  EXPECT_THAT(texts(markdown_headings("some text\nmore text\n---\n")), IsEmpty());
  EXPECT_THAT(texts(markdown_headings("- item\n---\n")), IsEmpty());
}

TEST(HeadingTopics, ToleratesWordingCaseNumberingAndPunctuation) {
  for (const char* h : {"Installation", "1. Install", "Getting Started", "Setup", "Quick start!", "INSTALLING"}) {
    EXPECT_TRUE(heading_is_about(h, "install")) << h;
  }
  for (const char* h : {"Update", "Upgrading to 2.x", "Updating the plugin"})
    EXPECT_TRUE(heading_is_about(h, "update")) << h;
  for (const char* h : {"Uninstall", "Removal", "Removing the plugin", "Uninstallation"}) {
    EXPECT_TRUE(heading_is_about(h, "uninstall")) << h;
  }
  for (const char* h : {"Usage", "How to use", "Configuration", "Commands", "Examples"})
    EXPECT_TRUE(heading_is_about(h, "usage")) << h;
  for (const char* h : {"Known issues", "Limitations", "Caveats", "Troubleshooting", "Known Issues & Limitations"}) {
    EXPECT_TRUE(heading_is_about(h, "known_issues")) << h;
  }
  for (const char* h : {"Support", "Contact", "Getting help", "Contact and support"})
    EXPECT_TRUE(heading_is_about(h, "contact")) << h;
}

TEST(HeadingTopics, CommonNonEnglishHeadings) {
  EXPECT_TRUE(heading_is_about("Instalación", "install"));
  EXPECT_TRUE(heading_is_about("Installieren", "install"));
  EXPECT_TRUE(heading_is_about("Mise à jour", "update"));
  EXPECT_TRUE(heading_is_about("Aktualisierung", "update"));
  EXPECT_TRUE(heading_is_about("Désinstallation", "uninstall"));
  EXPECT_TRUE(heading_is_about("Deinstallation", "uninstall"));
  EXPECT_TRUE(heading_is_about("Utilisation", "usage"));
  EXPECT_TRUE(heading_is_about("Bekannte Probleme", "known_issues"));
  EXPECT_TRUE(heading_is_about("Limitaciones", "known_issues"));
  EXPECT_TRUE(heading_is_about("Kontakt", "contact"));
}

TEST(HeadingTopics, UninstallIsNotInstallAndUnrelatedHeadingsMatchNothing) {
  EXPECT_FALSE(heading_is_about("Uninstall", "install"));
  EXPECT_FALSE(heading_is_about("Désinstallation", "install"));
  EXPECT_TRUE(heading_is_about("Installing and uninstalling", "install"));
  EXPECT_TRUE(heading_is_about("Installing and uninstalling", "uninstall"));
  for (const auto& topic : doc_topics()) {
    EXPECT_FALSE(heading_is_about("License", topic)) << topic;
    EXPECT_FALSE(heading_is_about("Rate limits and Cloudinary outages", topic)) << topic;
  }
}

TEST(ContactAddresses, EmailsAndUrlsInText) {
  EXPECT_THAT(email_addresses("Mail <help@plugin.example.invalid> or a.b+c@x.io."),
              ElementsAre("help@plugin.example.invalid", "a.b+c@x.io"));
  EXPECT_THAT(urls("See <https://x.invalid/issues> and [docs](http://d.invalid/a?b=1)."),
              ElementsAre("https://x.invalid/issues", "http://d.invalid/a?b=1"));
  EXPECT_THAT(email_addresses("no address @ here"), IsEmpty());
}

}  // namespace
}  // namespace cldcert
