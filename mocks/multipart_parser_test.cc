#include "mocks/multipart_parser.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <ostream>
#include <string>
#include <vector>

namespace cldcert::mock {
namespace {

using namespace std::string_literals;

constexpr char kBoundary[] = "XyZ-b0und4ry";

struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
  std::string data;
  bool ended = false;
  bool operator==(const Part&) const = default;
};

struct Outcome {
  std::vector<Part> parts;
  bool fed_ok = true;
  bool finished_ok = false;
  std::string error;
  int zero_size_data_calls = 0;
  int calls_outside_part = 0;
  bool operator==(const Outcome&) const = default;
};

void PrintTo(const Part& p, std::ostream* os) {
  *os << "{name=" << p.name << " filename=" << (p.filename ? "\"" + *p.filename + "\"" : "<none>")
      << " type=" << p.content_type << " data(" << p.data.size() << ")=" << testing::PrintToString(p.data)
      << " ended=" << p.ended << "}";
}

MultipartParser::Callbacks record_into(Outcome& out) {
  MultipartParser::Callbacks cb;
  cb.on_part_begin = [&out](const MultipartParser::PartHeader& h) {
    if (!out.parts.empty() && !out.parts.back().ended) ++out.calls_outside_part;
    out.parts.push_back({h.name, h.filename, h.content_type, "", false});
  };
  cb.on_part_data = [&out](const char* data, std::size_t size) {
    if (size == 0) ++out.zero_size_data_calls;
    if (out.parts.empty() || out.parts.back().ended) {
      ++out.calls_outside_part;
      return;
    }
    out.parts.back().data.append(data, size);
  };
  cb.on_part_end = [&out] {
    if (out.parts.empty() || out.parts.back().ended) {
      ++out.calls_outside_part;
      return;
    }
    out.parts.back().ended = true;
  };
  return cb;
}

// Feeds `body` cut at the given increasing offsets; stops feeding after the first failure.
Outcome parse_cut(const std::string& body, const std::vector<std::size_t>& cuts,
                  const std::string& boundary = kBoundary) {
  Outcome out;
  MultipartParser parser(boundary, record_into(out));
  std::size_t pos = 0;
  auto feed_to = [&](std::size_t end) {
    if (out.fed_ok) out.fed_ok = parser.feed(body.data() + pos, end - pos);
    pos = end;
  };
  for (std::size_t cut : cuts) feed_to(cut);
  feed_to(body.size());
  out.finished_ok = out.fed_ok && parser.finish();
  out.error = parser.error();
  return out;
}

Outcome parse_whole(const std::string& body, const std::string& boundary = kBoundary) {
  return parse_cut(body, {}, boundary);
}

Outcome parse_bytewise(const std::string& body) {
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < body.size(); ++i) cuts.push_back(i);
  return parse_cut(body, cuts);
}

std::string field_part(const std::string& name, const std::string& value) {
  return "--"s + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}

std::string file_part(const std::string& name, const std::string& filename, const std::string& type,
                      const std::string& data) {
  return "--"s + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: " + type + "\r\n\r\n" + data + "\r\n";
}

std::string closing() { return "--"s + kBoundary + "--\r\n"; }

// Bytes that look like, or almost like, the delimiter "\r\n--XyZ-b0und4ry".
std::string tricky_file_data() {
  std::string d = "\x89PNG\r\n\x1a\n"s + "\0\0\0\rIHDR"s;
  d += "\r\n--";
  d += "\r\n--XyZ-b0und4r";   // delimiter minus its last byte
  d += "\r\n--XyZ-b0und4rY";  // last byte differs
  d += "--XyZ-b0und4ry";      // a boundary without the leading CRLF is data
  d += "\n--XyZ-b0und4ry";    // LF alone is not CRLF
  d += "\r--XyZ-b0und4ry";
  d += "\r\r\n\r\n-\r\n--X\r\n--XyZ";
  d += "\xff\xfe\x00\x01"s;
  d += "\r\n-";
  d += "\r\n--XyZ-b0und4r";  // ends right before the real delimiter begins with CR
  d += "\r";
  return d;
}

std::string tricky_body() {
  return "preamble that is ignored\r\n" + field_part("upload_preset", "unsigned_1") +
         file_part("file", "a b.png", "image/png", tricky_file_data()) + field_part("tags", "x,y") + closing() +
         "epilogue, also ignored";
}

TEST(MultipartParser, SimpleTwoFields) {
  const std::string body = field_part("api_key", "1234") + field_part("timestamp", "1700000000") + closing();
  const Outcome out = parse_whole(body);
  ASSERT_TRUE(out.finished_ok) << out.error;
  ASSERT_EQ(out.parts.size(), 2u);
  EXPECT_EQ(out.parts[0], (Part{"api_key", std::nullopt, "", "1234", true}));
  EXPECT_EQ(out.parts[1], (Part{"timestamp", std::nullopt, "", "1700000000", true}));
  EXPECT_EQ(out.calls_outside_part, 0);
  EXPECT_EQ(out.zero_size_data_calls, 0);
  EXPECT_TRUE(out.error.empty());
}

TEST(MultipartParser, BinaryFileWithNearDelimiterBytes) {
  const Outcome out = parse_whole(tricky_body());
  ASSERT_TRUE(out.finished_ok) << out.error;
  ASSERT_EQ(out.parts.size(), 3u);
  EXPECT_EQ(out.parts[0], (Part{"upload_preset", std::nullopt, "", "unsigned_1", true}));
  EXPECT_EQ(out.parts[1], (Part{"file", "a b.png", "image/png", tricky_file_data(), true}));
  EXPECT_EQ(out.parts[2], (Part{"tags", std::nullopt, "", "x,y", true}));
}

TEST(MultipartParser, EverySplitPointGivesTheSameResult) {
  const std::string body = tricky_body();
  const Outcome whole = parse_whole(body);
  ASSERT_TRUE(whole.finished_ok) << whole.error;
  for (std::size_t i = 0; i <= body.size(); ++i) { ASSERT_EQ(parse_cut(body, {i}), whole) << "split at " << i; }
}

TEST(MultipartParser, EveryPairOfSplitPointsGivesTheSameResult) {
  // Three slices catch held-back bytes that must survive a second short slice.
  const std::string body = field_part("a", "1") + file_part("f", "x", "text/plain", "q\r\n--XyZ-b0und4\r") + closing();
  const Outcome whole = parse_whole(body);
  ASSERT_TRUE(whole.finished_ok) << whole.error;
  for (std::size_t i = 0; i <= body.size(); ++i) {
    for (std::size_t j = i; j <= body.size(); ++j) {
      ASSERT_EQ(parse_cut(body, {i, j}), whole) << "splits at " << i << ", " << j;
    }
  }
}

TEST(MultipartParser, OneByteFeedsGiveTheSameResult) {
  const std::string body = tricky_body();
  const Outcome whole = parse_whole(body);
  EXPECT_EQ(parse_bytewise(body), whole);
}

TEST(MultipartParser, NodeFormDataStyleBody) {
  // What the form-data package (under the Cloudinary Node SDK) writes.
  const std::string content_type = "multipart/form-data; boundary=--------------------------870316524851294633925811";
  const auto boundary = MultipartParser::boundary_from_content_type(content_type);
  ASSERT_TRUE(boundary.has_value());
  ASSERT_EQ(*boundary, "--------------------------870316524851294633925811");
  const std::string b = *boundary;
  const std::string body = "--" + b + "\r\nContent-Disposition: form-data; name=\"timestamp\"\r\n\r\n1700000000\r\n" +
                           "--" + b +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cat.jpg\"\r\n"
                           "Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0 jpeg bytes\r\n" +
                           "--" + b + "--\r\n";
  Outcome out;
  MultipartParser parser(b, record_into(out));
  ASSERT_TRUE(parser.feed(body.data(), body.size())) << parser.error();
  ASSERT_TRUE(parser.finish()) << parser.error();
  EXPECT_EQ(parser.bytes_fed(), body.size());
  ASSERT_EQ(out.parts.size(), 2u);
  EXPECT_EQ(out.parts[0], (Part{"timestamp", std::nullopt, "", "1700000000", true}));
  EXPECT_EQ(out.parts[1], (Part{"file", "cat.jpg", "image/jpeg", "\xff\xd8\xff\xe0 jpeg bytes", true}));
}

TEST(MultipartParser, ContentDispositionParameters) {
  const std::string b = "--"s + kBoundary + "\r\n";
  const std::string body =
      b + "content-disposition:form-data;name=plain;filename=a b.txt\r\nCONTENT-TYPE:  text/plain \r\n\r\n1\r\n" + b +
      "Content-Disposition: form-data; name=\"q\\\"uote\"; filename=\"say \\\"hi\\\".txt\"\r\n\r\n2\r\n" + b +
      "Content-Disposition: form-data; filename*=UTF-8''na%C3%AFve.txt; name=\"ext\"; "
      "filename=\"naive.txt\"\r\n\r\n3\r\n" +
      b + "Content-Disposition: form-data; name=\"extonly\"; filename*=UTF-8''na%C3%AFve%20file.txt\r\n\r\n4\r\n" +
      // Node's form-data does not escape quotes inside filenames.
      b + "Content-Disposition: form-data; name=\"node\"; filename=\"he said \"no\".jpg\"\r\n\r\n5\r\n" + b +
      "Content-Disposition: form-data; name=\"win\"; filename=\"C:\\dir\\f.jpg\"\r\n\r\n6\r\n" + b +
      "X-Other: 1\r\nContent-Disposition: form-data;\r\n name=\"folded\"\r\n\r\n7\r\n" + b +
      "Content-Disposition: form-data; name=\"empty-name-ok\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n\r\n" +
      closing();
  const Outcome out = parse_whole(body);
  ASSERT_TRUE(out.finished_ok) << out.error;
  ASSERT_EQ(out.parts.size(), 8u);
  EXPECT_EQ(out.parts[0], (Part{"plain", "a b.txt", "text/plain", "1", true}));
  EXPECT_EQ(out.parts[1], (Part{"q\"uote", "say \"hi\".txt", "", "2", true}));
  EXPECT_EQ(out.parts[2], (Part{"ext", "naive.txt", "", "3", true}));
  EXPECT_EQ(out.parts[3], (Part{"extonly", "na\xc3\xafve file.txt", "", "4", true}));
  EXPECT_EQ(out.parts[4], (Part{"node", "he said \"no\".jpg", "", "5", true}));
  EXPECT_EQ(out.parts[5], (Part{"win", "C:\\dir\\f.jpg", "", "6", true}));
  EXPECT_EQ(out.parts[6], (Part{"folded", std::nullopt, "", "7", true}));
  EXPECT_EQ(out.parts[7], (Part{"empty-name-ok", "", "application/octet-stream", "", true}));
}

TEST(MultipartParser, EmptyFilePartDeliversNoData) {
  const std::string body = file_part("file", "", "application/octet-stream", "") + closing();
  int data_calls = 0;
  bool begun = false, ended = false;
  std::optional<std::string> filename;
  MultipartParser parser(kBoundary, {
                                        [&](const MultipartParser::PartHeader& h) {
                                          begun = true;
                                          filename = h.filename;
                                        },
                                        [&](const char*, std::size_t) { ++data_calls; },
                                        [&] { ended = true; },
                                    });
  ASSERT_TRUE(parser.feed(body));
  ASSERT_TRUE(parser.finish()) << parser.error();
  EXPECT_TRUE(begun);
  EXPECT_TRUE(ended);
  ASSERT_TRUE(filename.has_value());
  EXPECT_EQ(*filename, "");
  EXPECT_EQ(data_calls, 0);
}

TEST(MultipartParser, PaddingPreambleAndEpilogue) {
  const std::string body = "--"s + kBoundary + " \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--" +
                           kBoundary + "--";  // no CRLF after the closing delimiter
  const Outcome out = parse_whole("ignored\r\n--not-it\r\n" + body);
  ASSERT_TRUE(out.finished_ok) << out.error;
  ASSERT_EQ(out.parts.size(), 1u);
  EXPECT_EQ(out.parts[0], (Part{"a", std::nullopt, "", "v", true}));
}

TEST(MultipartParser, ManyParts) {
  std::string body;
  for (int i = 0; i < 2000; ++i) {
    body += (i % 3 == 0) ? file_part("f" + std::to_string(i), "n" + std::to_string(i) + ".bin", "application/x",
                                     std::string(static_cast<std::size_t>(i % 97), static_cast<char>(i)))
                         : field_part("k" + std::to_string(i), std::to_string(i * 7));
  }
  body += closing();
  const Outcome whole = parse_whole(body);
  ASSERT_TRUE(whole.finished_ok) << whole.error;
  ASSERT_EQ(whole.parts.size(), 2000u);
  for (int i = 0; i < 2000; ++i) {
    const Part& p = whole.parts[static_cast<std::size_t>(i)];
    if (i % 3 == 0) {
      EXPECT_EQ(p, (Part{"f" + std::to_string(i), "n" + std::to_string(i) + ".bin", "application/x",
                         std::string(static_cast<std::size_t>(i % 97), static_cast<char>(i)), true}));
    } else {
      EXPECT_EQ(p, (Part{"k" + std::to_string(i), std::nullopt, "", std::to_string(i * 7), true}));
    }
  }
  std::vector<std::size_t> cuts;
  for (std::size_t c = 7; c < body.size(); c += 7) cuts.push_back(c);
  EXPECT_EQ(parse_cut(body, cuts), whole);
}

TEST(MultipartParser, DataIsStreamedBeforeThePartEnds) {
  const std::string head =
      "--"s + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big\"\r\n\r\n";
  const std::size_t delimiter_size = 4 + sizeof(kBoundary) - 1;
  std::size_t delivered = 0;
  bool ended = false;
  MultipartParser parser(kBoundary,
                         {nullptr, [&](const char*, std::size_t n) { delivered += n; }, [&] { ended = true; }});
  ASSERT_TRUE(parser.feed(head));
  std::string chunk(1 << 20, 'a');
  chunk.back() = '\r';  // could start a delimiter, so may be held back
  ASSERT_TRUE(parser.feed(chunk));
  EXPECT_GE(delivered, chunk.size() - (delimiter_size - 1));
  EXPECT_EQ(delivered, chunk.size() - 1);
  ASSERT_TRUE(parser.feed("x"));  // the held CR was data after all
  EXPECT_EQ(delivered, chunk.size() + 1);
  EXPECT_FALSE(ended);
  ASSERT_TRUE(parser.feed("\r\n--"s + kBoundary + "--"));
  EXPECT_TRUE(ended);
  EXPECT_TRUE(parser.finish());
}

TEST(MultipartParser, RandomDelimiterLikeBodiesInRandomSlices) {
  // Data drawn from the delimiter's own bytes makes near-misses the common case.
  std::mt19937 rng(20240611);
  const std::string alphabet = "\r\n-XyZb0und4r";
  const std::string delimiter = "\r\n--"s + kBoundary;
  auto below = [&rng](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  for (int round = 0; round < 400; ++round) {
    std::vector<Part> want;
    std::string body = (below(2) != 0) ? "pre\r\n--x\r\r\n" : "";
    const std::size_t parts = 1 + below(4);
    for (std::size_t p = 0; p < parts; ++p) {
      std::string data;
      do {
        data.clear();
        const std::size_t len = below(120);
        for (std::size_t i = 0; i < len; ++i) data.push_back(alphabet[below(alphabet.size())]);
      } while (data.find(delimiter) != std::string::npos);
      const std::string name = "p" + std::to_string(p);
      if (below(2) != 0) {
        body += file_part(name, "f.bin", "application/octet-stream", data);
        want.push_back({name, "f.bin", "application/octet-stream", data, true});
      } else {
        body += field_part(name, data);
        want.push_back({name, std::nullopt, "", data, true});
      }
    }
    body += closing();
    std::vector<std::size_t> cuts;
    for (std::size_t pos = below(20); pos < body.size(); pos += 1 + below(20)) cuts.push_back(pos);
    const Outcome out = parse_cut(body, cuts);
    ASSERT_TRUE(out.finished_ok) << out.error << " in round " << round;
    ASSERT_EQ(out.parts, want) << "round " << round;
    ASSERT_EQ(out.zero_size_data_calls, 0);
  }
}

// --- Malformed input -------------------------------------------------------------------------

TEST(MultipartParser, MissingNameIsAnErrorAtThePartHeaders) {
  const std::string second = "--"s + kBoundary + "\r\nContent-Disposition: form-data; filename=\"x.jpg\"\r\n\r\nzz\r\n";
  const std::string body = field_part("a", "1") + second + closing();
  const Outcome out = parse_whole(body);
  EXPECT_FALSE(out.fed_ok);
  EXPECT_FALSE(out.finished_ok);
  const std::size_t header_at = field_part("a", "1").size() + 2 + sizeof(kBoundary) - 1 + 2;
  EXPECT_EQ(out.error, "multipart: part header has no Content-Disposition name at byte " + std::to_string(header_at));
  ASSERT_EQ(out.parts.size(), 1u);
  EXPECT_TRUE(out.parts[0].ended);  // the first part's delimiter was confirmed before the bad headers
  EXPECT_EQ(parse_bytewise(body).error, out.error);
}

TEST(MultipartParser, MissingContentDispositionIsAnError) {
  const Outcome out = parse_whole("--"s + kBoundary + "\r\nContent-Type: text/plain\r\n\r\nv\r\n" + closing());
  EXPECT_FALSE(out.fed_ok);
  EXPECT_NE(out.error.find("no Content-Disposition header"), std::string::npos) << out.error;
  const Outcome empty = parse_whole("--"s + kBoundary + "\r\n\r\nv\r\n" + closing());
  EXPECT_FALSE(empty.fed_ok);
  EXPECT_NE(empty.error.find("no Content-Disposition header"), std::string::npos) << empty.error;
}

TEST(MultipartParser, OtherMalformedHeadersAreErrors) {
  const std::string b = "--"s + kBoundary + "\r\n";
  for (const std::string& headers : {
           "Content-Disposition: attachment; name=\"a\"\r\n"s,
           "Content-Disposition: form-data; name=\"a\r\n"s,
           "Content-Disposition: form-data; name=\"a\" junk\r\n"s,
           "no colon here\r\nContent-Disposition: form-data; name=\"a\"\r\n"s,
           " folded-first: x\r\nContent-Disposition: form-data; name=\"a\"\r\n"s,
       }) {
    const Outcome out = parse_whole(b + headers + "\r\nv\r\n" + closing());
    EXPECT_FALSE(out.fed_ok) << headers;
    EXPECT_TRUE(out.parts.empty()) << headers;
    EXPECT_EQ(out.error.rfind("multipart: ", 0), 0u) << out.error;
    EXPECT_NE(out.error.find(" at byte " + std::to_string(b.size())), std::string::npos) << out.error;
  }
}

TEST(MultipartParser, HeadersTooLongAreAnError) {
  const std::string head = "--"s + kBoundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ";
  Outcome out;
  MultipartParser parser(kBoundary, record_into(out));
  ASSERT_TRUE(parser.feed(head));
  const std::string pad(1024, 'p');
  bool ok = true;
  int feeds = 0;
  while (ok && feeds < 64) {
    ok = parser.feed(pad);
    ++feeds;
  }
  EXPECT_FALSE(ok);
  EXPECT_LE(feeds, 17);  // stops near the 16 KiB cap, not at the end of the data
  EXPECT_NE(
      parser.error().find("part headers exceed 16384 bytes at byte " + std::to_string(2 + sizeof(kBoundary) - 1 + 2)),
      std::string::npos)
      << parser.error();
  EXPECT_FALSE(parser.finish());
  EXPECT_TRUE(out.parts.empty());

  // Just under the cap is fine.
  std::string at_cap = "Content-Disposition: form-data; name=\"a\"\r\nX-Pad: ";
  at_cap += std::string(MultipartParser::kMaxHeaderBytes - at_cap.size() - 4, 'p') + "\r\n\r\n";
  ASSERT_EQ(at_cap.size(), MultipartParser::kMaxHeaderBytes);
  const Outcome fits = parse_whole("--"s + kBoundary + "\r\n" + at_cap + "v\r\n" + closing());
  EXPECT_TRUE(fits.finished_ok) << fits.error;
  const Outcome over = parse_whole("--"s + kBoundary + "\r\n" + "X" + at_cap + "v\r\n" + closing());
  EXPECT_FALSE(over.fed_ok);
}

TEST(MultipartParser, TruncatedBodyFailsAtFinish) {
  const std::string body = tricky_body();
  const std::size_t close_at = body.find("--"s + kBoundary + "--");
  for (std::size_t cut :
       {close_at + 2 + sizeof(kBoundary) - 1 + 1, close_at + 3, close_at - 2, close_at - 40, std::size_t{30}}) {
    Outcome out;
    MultipartParser parser(kBoundary, record_into(out));
    EXPECT_TRUE(parser.feed(body.data(), cut)) << parser.error();
    EXPECT_FALSE(parser.finish()) << "cut at " << cut;
    EXPECT_EQ(parser.error().rfind("multipart: body ended before the closing boundary", 0), 0u) << parser.error();
    EXPECT_NE(parser.error().find("at byte " + std::to_string(cut)), std::string::npos) << parser.error();
    int ended = 0;
    for (const Part& p : out.parts) ended += p.ended ? 1 : 0;
    EXPECT_LT(ended, 3) << "cut at " << cut;  // the last part never ends without its delimiter
  }
}

TEST(MultipartParser, GarbageWithoutDelimiterFailsAtFinish) {
  Outcome out;
  MultipartParser parser(kBoundary, record_into(out));
  const std::string garbage = "this is not multipart at all\r\n--wrong-boundary\r\n\r\n";
  EXPECT_TRUE(parser.feed(garbage));  // could still be a preamble
  EXPECT_FALSE(parser.finish());
  EXPECT_EQ(parser.error(), "multipart: body ended before the closing boundary (no boundary delimiter found) at byte " +
                                std::to_string(garbage.size()));
  EXPECT_TRUE(out.parts.empty());

  MultipartParser empty(kBoundary, {});
  EXPECT_FALSE(empty.finish());
}

TEST(MultipartParser, BytesAfterADelimiterMustBeCrlfOrDashes) {
  const std::string body = field_part("a", "1") + "--" + kBoundary + "X\r\n";
  const Outcome out = parse_whole(body);
  EXPECT_FALSE(out.fed_ok);
  EXPECT_EQ(out.error, "multipart: unexpected 'X' after boundary delimiter (expected CRLF or \"--\") at byte " +
                           std::to_string(body.size() - 3));
  ASSERT_EQ(out.parts.size(), 1u);
  EXPECT_FALSE(out.parts[0].ended);  // the delimiter was never confirmed

  EXPECT_FALSE(parse_whole(field_part("a", "1") + "--" + kBoundary + "-x").fed_ok);
  EXPECT_FALSE(parse_whole(field_part("a", "1") + "--" + kBoundary + "\rx").fed_ok);
}

TEST(MultipartParser, ErrorsAreStickyAndSilenceCallbacks) {
  const std::string body = "--"s + kBoundary + "\r\nContent-Disposition: form-data\r\n\r\n";
  Outcome out;
  MultipartParser parser(kBoundary, record_into(out));
  EXPECT_FALSE(parser.feed(body));
  const std::string first_error = parser.error();
  EXPECT_FALSE(parser.feed(field_part("late", "x") + closing()));
  EXPECT_FALSE(parser.finish());
  EXPECT_EQ(parser.error(), first_error);
  EXPECT_TRUE(out.parts.empty());
}

TEST(MultipartParser, UnusableBoundaryIsRejected) {
  for (const std::string& b : {""s, "a\r\nb"s, std::string(MultipartParser::kMaxBoundaryBytes + 1, 'b')}) {
    MultipartParser parser(b, {});
    EXPECT_FALSE(parser.feed("--x--"));
    EXPECT_NE(parser.error().find("unusable boundary"), std::string::npos) << parser.error();
  }
}

// --- boundary_from_content_type ----------------------------------------------------------------

TEST(MultipartParser, BoundaryFromContentType) {
  using P = MultipartParser;
  EXPECT_EQ(P::boundary_from_content_type("multipart/form-data; boundary=abc123"), "abc123");
  EXPECT_EQ(P::boundary_from_content_type("multipart/form-data; boundary=\"a b;c\""), "a b;c");
  EXPECT_EQ(P::boundary_from_content_type("Multipart/Form-Data;BOUNDARY=xyz"), "xyz");
  EXPECT_EQ(P::boundary_from_content_type("multipart/form-data; charset=utf-8; boundary=q1; foo=bar"), "q1");
  EXPECT_EQ(P::boundary_from_content_type("multipart/form-data; boundary=q2 ; charset=utf-8"), "q2");
  EXPECT_EQ(P::boundary_from_content_type("  multipart/form-data ;boundary=\"----WebKitFormBoundary7MA4YWxk\""),
            "----WebKitFormBoundary7MA4YWxk");
  EXPECT_EQ(P::boundary_from_content_type("multipart/form-data"), std::nullopt);
  EXPECT_EQ(P::boundary_from_content_type("multipart/form-data; charset=utf-8"), std::nullopt);
  EXPECT_EQ(P::boundary_from_content_type("multipart/form-data; boundary="), std::nullopt);
  EXPECT_EQ(P::boundary_from_content_type("multipart/form-data; boundary=\"\""), std::nullopt);
  EXPECT_EQ(P::boundary_from_content_type("multipart/form-data; boundary=\"unterminated"), std::nullopt);
  EXPECT_EQ(P::boundary_from_content_type("multipart/mixed; boundary=abc"), std::nullopt);
  EXPECT_EQ(P::boundary_from_content_type("application/x-www-form-urlencoded"), std::nullopt);
  EXPECT_EQ(P::boundary_from_content_type("application/json; boundary=abc"), std::nullopt);
  EXPECT_EQ(P::boundary_from_content_type(""), std::nullopt);
}

// --- Volume ------------------------------------------------------------------------------------

// Order-sensitive (Fletcher-style) so reordered or duplicated runs are caught, not just lost bytes.
struct Checksum {
  std::uint64_t a = 0, b = 0;
  void add(const char* data, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      a += static_cast<unsigned char>(data[i]);
      b += a;
    }
  }
};

TEST(MultipartParser, SixtyFourMiBInOneMiBSlices) {
  constexpr std::size_t kSlice = 1 << 20;
  constexpr int kSlices = 64;
  const std::string head = "--"s + kBoundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.bin\"\r\n"
                           "Content-Type: application/octet-stream\r\n\r\n";
  const std::string near_miss = "\r\n--XyZ-b0und4r!";  // straddles slice ends below

  std::size_t delivered = 0;
  Checksum got;
  int begins = 0, ends = 0;
  MultipartParser parser(kBoundary, {
                                        [&](const MultipartParser::PartHeader&) { ++begins; },
                                        [&](const char* d, std::size_t n) {
                                          delivered += n;
                                          got.add(d, n);
                                        },
                                        [&] { ++ends; },
                                    });
  ASSERT_TRUE(parser.feed(head));

  Checksum want;
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  std::string slice(kSlice, '\0');
  for (int s = 0; s < kSlices; ++s) {
    for (std::size_t i = 0; i < kSlice; i += 8) {  // xorshift64
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      std::memcpy(&slice[i], &state, 8);
    }
    // A near-miss straddles each slice end, split at a varying point.
    auto split_after = [&](int slice_index) { return 1 + static_cast<std::size_t>(slice_index % 15); };
    if (s > 0) {
      const std::size_t k = split_after(s - 1);
      slice.replace(0, near_miss.size() - k, near_miss.substr(k));
    }
    if (s + 1 < kSlices) {
      const std::size_t k = split_after(s);
      slice.replace(kSlice - k, k, near_miss.substr(0, k));
    }
    want.add(slice.data(), slice.size());
    ASSERT_TRUE(parser.feed(slice)) << parser.error();
  }
  ASSERT_TRUE(parser.feed("\r\n--"s + kBoundary + "--\r\n")) << parser.error();
  ASSERT_TRUE(parser.finish()) << parser.error();
  EXPECT_EQ(begins, 1);
  EXPECT_EQ(ends, 1);
  EXPECT_EQ(delivered, kSlice * kSlices);
  EXPECT_EQ(got.a, want.a);
  EXPECT_EQ(got.b, want.b);
}

}  // namespace
}  // namespace cldcert::mock
