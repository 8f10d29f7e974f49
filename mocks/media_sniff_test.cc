#include "mocks/media_sniff.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace cldcert::mock {
namespace {

std::string be16(unsigned v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xff)}; }
std::string be32(std::uint32_t v) { return be16(v >> 16) + be16(v & 0xffff); }
std::string le16(unsigned v) { return {static_cast<char>(v & 0xff), static_cast<char>(v >> 8)}; }
std::string le24(std::uint32_t v) {
  return {static_cast<char>(v & 0xff), static_cast<char>((v >> 8) & 0xff), static_cast<char>((v >> 16) & 0xff)};
}
std::string le32(std::uint32_t v) { return le16(v & 0xffff) + le16(v >> 16); }

std::string png_head(std::uint32_t width, std::uint32_t height) {
  return std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(width) + be32(height) +
         std::string("\x08\x06\x00\x00\x00", 5);
}

std::string gif_head(unsigned width, unsigned height) { return "GIF89a" + le16(width) + le16(height) + "\xf7\x00\x00"; }

// SOI, an APP0 (JFIF) segment, then SOF0 with the frame size.
std::string jpeg_head(unsigned width, unsigned height, unsigned char sof = 0xC0) {
  std::string s("\xFF\xD8", 2);
  s += std::string("\xFF\xE0", 2) + be16(16) + std::string("JFIF\0\x01\x01\x00", 8) + be16(72) + be16(72) +
       std::string("\x00\x00", 2);
  s += std::string("\xFF") + static_cast<char>(sof) + be16(17) + "\x08" + be16(height) + be16(width) + "\x03" +
       std::string("\x01\x22\x00\x02\x11\x01\x03\x11\x01", 9);
  return s;
}

std::string riff_webp(std::string_view chunk, const std::string& payload) {
  std::string body = "WEBP" + std::string(chunk) + le32(static_cast<std::uint32_t>(payload.size())) + payload;
  return "RIFF" + le32(static_cast<std::uint32_t>(body.size())) + body;
}

std::string webp_vp8x(std::uint32_t width, std::uint32_t height) {
  return riff_webp("VP8X", std::string("\x10\x00\x00\x00", 4) + le24(width - 1) + le24(height - 1));
}

std::string ftyp(std::string_view brand) {
  return be32(24) + "ftyp" + std::string(brand) + be32(0) + "isomiso2" + be32(8) + "free";
}

TEST(SniffMedia, PngDimensions) {
  MediaInfo info = sniff_media(png_head(640, 480), "whatever.bin");
  EXPECT_EQ(info.format, "png");
  EXPECT_EQ(info.resource_type, "image");
  EXPECT_EQ(info.width, 640);
  EXPECT_EQ(info.height, 480);
  MediaInfo big = sniff_media(png_head(70000, 3), "");
  EXPECT_EQ(big.width, 70000);
  EXPECT_EQ(big.height, 3);
}

TEST(SniffMedia, GifDimensions) {
  MediaInfo info = sniff_media(gif_head(300, 2), "a.gif");
  EXPECT_EQ(info.format, "gif");
  EXPECT_EQ(info.resource_type, "image");
  EXPECT_EQ(info.width, 300);
  EXPECT_EQ(info.height, 2);
  MediaInfo old = sniff_media("GIF87a" + le16(1) + le16(65535), "");
  EXPECT_EQ(old.format, "gif");
  EXPECT_EQ(old.height, 65535);
}

TEST(SniffMedia, JpegDimensionsFromSofAfterApp0) {
  MediaInfo info = sniff_media(jpeg_head(1024, 768), "photo.jpeg");
  EXPECT_EQ(info.format, "jpg");
  EXPECT_EQ(info.resource_type, "image");
  EXPECT_EQ(info.width, 1024);
  EXPECT_EQ(info.height, 768);
  // Progressive (SOF2) frames too.
  MediaInfo progressive = sniff_media(jpeg_head(33, 4000, 0xC2), "");
  EXPECT_EQ(progressive.width, 33);
  EXPECT_EQ(progressive.height, 4000);
}

TEST(SniffMedia, JpegSkipsHuffmanTablesAndFillBytes) {
  std::string head("\xFF\xD8", 2);
  head += std::string("\xFF\xC4", 2) + be16(6) + "abcd";  // DHT is 0xC4: a table, not a frame
  head += std::string("\xFF\xFF", 2);                     // fill byte before the next marker
  std::string rest = jpeg_head(12, 34).substr(2 + 18);    // the SOF0 segment
  MediaInfo info = sniff_media(head + rest, "");
  EXPECT_EQ(info.format, "jpg");
  EXPECT_EQ(info.width, 12);
  EXPECT_EQ(info.height, 34);
}

TEST(SniffMedia, TruncatedJpegHasFormatButNoSize) {
  std::string head = jpeg_head(100, 200);
  MediaInfo info = sniff_media(head.substr(0, 24), "");
  EXPECT_EQ(info.format, "jpg");
  EXPECT_FALSE(info.width.has_value());
  EXPECT_FALSE(info.height.has_value());
}

TEST(SniffMedia, WebpVp8xCanvasSize) {
  MediaInfo info = sniff_media(webp_vp8x(4000, 3000), "x.webp");
  EXPECT_EQ(info.format, "webp");
  EXPECT_EQ(info.resource_type, "image");
  EXPECT_EQ(info.width, 4000);
  EXPECT_EQ(info.height, 3000);
  MediaInfo max = sniff_media(webp_vp8x(1 << 24, 1), "");
  EXPECT_EQ(max.width, 1 << 24);
  EXPECT_EQ(max.height, 1);
}

TEST(SniffMedia, WebpLossyAndLossless) {
  // VP8: 3-byte frame tag, start code, 14-bit sizes (top bits are scaling).
  std::string vp8 = riff_webp(
      "VP8 ", std::string("\x30\x01\x00\x9d\x01\x2a", 6) + le16(320 | 0x4000) + le16(240) + std::string(10, '\0'));
  MediaInfo lossy = sniff_media(vp8, "");
  EXPECT_EQ(lossy.format, "webp");
  EXPECT_EQ(lossy.width, 320);
  EXPECT_EQ(lossy.height, 240);

  // VP8L: signature 0x2f, then width-1 and height-1 in 14 bits each.
  std::uint32_t bits = (500 - 1) | ((250 - 1) << 14);
  std::string vp8l = riff_webp("VP8L", "\x2f" + le32(bits) + std::string(10, '\0'));
  MediaInfo lossless = sniff_media(vp8l, "");
  EXPECT_EQ(lossless.width, 500);
  EXPECT_EQ(lossless.height, 250);
}

TEST(SniffMedia, Mp4FtypIsVideo) {
  MediaInfo info = sniff_media(ftyp("isom"), "clip");
  EXPECT_EQ(info.format, "mp4");
  EXPECT_EQ(info.resource_type, "video");
  EXPECT_FALSE(info.width.has_value());
  EXPECT_EQ(sniff_media(ftyp("mp42"), "upload.bin").format, "mp4");
}

TEST(SniffMedia, IsoMediaImagesAndQuickTimeAreNotMp4) {
  // HEIC and AVIF share MP4's box structure ("ftyp"); their brand says what they are.
  MediaInfo heic = sniff_media(ftyp("heic"), "IMG_0001");
  EXPECT_EQ(heic.format, "heic");
  EXPECT_EQ(heic.resource_type, "image");
  MediaInfo avif = sniff_media(ftyp("avif"), "");
  EXPECT_EQ(avif.format, "avif");
  EXPECT_EQ(avif.resource_type, "image");
  MediaInfo mov = sniff_media(ftyp("qt  "), "");
  EXPECT_EQ(mov.format, "mov");
  EXPECT_EQ(mov.resource_type, "video");
}

TEST(SniffMedia, PdfAndWebm) {
  MediaInfo pdf = sniff_media("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "doc");
  EXPECT_EQ(pdf.format, "pdf");
  EXPECT_EQ(pdf.resource_type, "image");
  MediaInfo webm = sniff_media(std::string("\x1A\x45\xDF\xA3\x9f\x42\x86\x81", 8), "");
  EXPECT_EQ(webm.format, "webm");
  EXPECT_EQ(webm.resource_type, "video");
}

TEST(SniffMedia, ContentWinsOverTheExtension) {
  MediaInfo info = sniff_media(png_head(1, 1), "actually.jpg");
  EXPECT_EQ(info.format, "png");
}

TEST(SniffMedia, FallsBackToTheExtension) {
  MediaInfo txt = sniff_media("hello world", "notes.TXT");
  EXPECT_EQ(txt.format, "txt");
  EXPECT_EQ(txt.resource_type, "raw");
  EXPECT_FALSE(txt.width.has_value());

  MediaInfo jpeg = sniff_media("not really", "dir/pic.JPEG");
  EXPECT_EQ(jpeg.format, "jpg");
  EXPECT_EQ(jpeg.resource_type, "image");

  MediaInfo mov = sniff_media("", "https://example.com/v/clip.mov");
  EXPECT_EQ(mov.format, "mov");
  EXPECT_EQ(mov.resource_type, "video");

  MediaInfo unknown = sniff_media("???", "no_extension");
  EXPECT_EQ(unknown.format, "");
  EXPECT_EQ(unknown.resource_type, "raw");
}

TEST(ExtensionOf, LowerCasedWithoutDot) {
  EXPECT_EQ(extension_of("a.PNG"), "png");
  EXPECT_EQ(extension_of("archive.tar.gz"), "gz");
  EXPECT_EQ(extension_of("dir.d/file"), "");
  EXPECT_EQ(extension_of("file."), "");
  EXPECT_EQ(extension_of("file"), "");
  EXPECT_EQ(extension_of(""), "");
}

TEST(ResourceTypeForExtension, ImageVideoOrRaw) {
  for (const char* e : {"jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "heic", "pdf", "tiff"}) {
    EXPECT_EQ(resource_type_for_extension(e), "image") << e;
  }
  for (const char* e : {"mp4", "webm", "mov", "mkv", "mp3", "wav", "m3u8"}) {
    EXPECT_EQ(resource_type_for_extension(e), "video") << e;
  }
  for (const char* e : {"zip", "txt", "csv", "json", "docx", ""}) {
    EXPECT_EQ(resource_type_for_extension(e), "raw") << e;
  }
}

}  // namespace
}  // namespace cldcert::mock
