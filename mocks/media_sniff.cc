#include "mocks/media_sniff.h"

#include <array>
#include <cstdint>

namespace cldcert::mock {
namespace {

std::uint32_t be16(std::string_view s, std::size_t at) {
  return (static_cast<unsigned char>(s[at]) << 8) | static_cast<unsigned char>(s[at + 1]);
}
std::uint32_t be32(std::string_view s, std::size_t at) { return (be16(s, at) << 16) | be16(s, at + 2); }
std::uint32_t le16(std::string_view s, std::size_t at) {
  return static_cast<unsigned char>(s[at]) | (static_cast<unsigned char>(s[at + 1]) << 8);
}
std::uint32_t le24(std::string_view s, std::size_t at) {
  return le16(s, at) | (static_cast<unsigned char>(s[at + 2]) << 16);
}

void sniff_jpeg(std::string_view s, MediaInfo& info) {
  std::size_t i = 2;
  while (i + 9 < s.size()) {
    if (static_cast<unsigned char>(s[i]) != 0xFF) return;
    unsigned char marker = static_cast<unsigned char>(s[i + 1]);
    if (marker == 0xFF) {
      ++i;
      continue;
    }
    bool is_sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (is_sof) {
      info.height = static_cast<int>(be16(s, i + 5));
      info.width = static_cast<int>(be16(s, i + 7));
      return;
    }
    i += 2 + be16(s, i + 2);
  }
}

void sniff_webp(std::string_view s, MediaInfo& info) {
  if (s.size() < 30) return;
  std::string_view chunk = s.substr(12, 4);
  if (chunk == "VP8X") {
    info.width = static_cast<int>(le24(s, 24) + 1);
    info.height = static_cast<int>(le24(s, 27) + 1);
  } else if (chunk == "VP8 ") {
    info.width = static_cast<int>(le16(s, 26) & 0x3fff);
    info.height = static_cast<int>(le16(s, 28) & 0x3fff);
  } else if (chunk == "VP8L" && s.size() >= 25) {
    std::uint32_t bits = static_cast<unsigned char>(s[21]) | (static_cast<unsigned char>(s[22]) << 8) |
                         (static_cast<unsigned char>(s[23]) << 16) |
                         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[24])) << 24);
    info.width = static_cast<int>((bits & 0x3fff) + 1);
    info.height = static_cast<int>(((bits >> 14) & 0x3fff) + 1);
  }
}

// ISO base media files (MP4, QuickTime, HEIF, AVIF) all start with an "ftyp" box;
// its major brand tells the still-image formats from the videos.
std::string iso_media_format(std::string_view brand) {
  if (brand == "avif" || brand == "avis") return "avif";
  if (brand == "heic" || brand == "heix" || brand == "heim" || brand == "heis" || brand == "mif1" || brand == "msf1") {
    return "heic";
  }
  if (brand == "qt  ") return "mov";
  return "mp4";
}

}  // namespace

std::string extension_of(std::string_view filename) {
  std::size_t slash = filename.find_last_of('/');
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  std::size_t dot = filename.find_last_of('.');
  if (dot == std::string_view::npos || dot + 1 == filename.size()) return "";
  std::string ext(filename.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext;
}

std::string resource_type_for_extension(std::string_view extension) {
  static constexpr std::array<std::string_view, 17> kImage = {"jpg",  "jpeg", "png",  "gif", "webp", "avif",
                                                              "bmp",  "tif",  "tiff", "svg", "ico",  "heic",
                                                              "heif", "psd",  "pdf",  "jp2", "jxl"};
  static constexpr std::array<std::string_view, 13> kVideo = {"mp4", "webm", "mov", "ogv", "m4v", "avi", "mkv",
                                                              "flv", "3gp",  "mp3", "wav", "ogg", "m3u8"};
  for (auto e : kImage)
    if (e == extension) return "image";
  for (auto e : kVideo)
    if (e == extension) return "video";
  return "raw";
}

MediaInfo sniff_media(std::string_view s, std::string_view filename) {
  MediaInfo info;
  if (s.starts_with("\x89PNG\r\n\x1a\n") && s.size() >= 24) {
    info.format = "png";
    info.width = static_cast<int>(be32(s, 16));
    info.height = static_cast<int>(be32(s, 20));
  } else if (s.starts_with("GIF87a") || s.starts_with("GIF89a")) {
    info.format = "gif";
    if (s.size() >= 10) {
      info.width = static_cast<int>(le16(s, 6));
      info.height = static_cast<int>(le16(s, 8));
    }
  } else if (s.starts_with("\xFF\xD8\xFF")) {
    info.format = "jpg";
    sniff_jpeg(s, info);
  } else if (s.starts_with("RIFF") && s.substr(8, 4) == "WEBP") {
    info.format = "webp";
    sniff_webp(s, info);
  } else if (s.starts_with("%PDF-")) {
    info.format = "pdf";
  } else if (s.size() >= 12 && s.substr(4, 4) == "ftyp") {
    info.format = iso_media_format(s.substr(8, 4));
  } else if (s.starts_with("\x1A\x45\xDF\xA3")) {
    info.format = "webm";
  }
  std::string ext = extension_of(filename);
  if (info.format.empty()) info.format = ext == "jpeg" ? "jpg" : ext;
  info.resource_type = resource_type_for_extension(info.format.empty() ? ext : info.format);
  return info;
}

}  // namespace cldcert::mock
