// Tells an upload's format and, for images, its pixel size from its first bytes,
// so upload responses carry plausible width/height/format as Cloudinary's do.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cldcert::mock {

struct MediaInfo {
  std::string format;         // "png", "jpg", "gif", "webp", "mp4", "pdf", ... or "" when unknown
  std::string resource_type;  // "image", "video" or "raw": what resource_type=auto resolves to
  std::optional<int> width;
  std::optional<int> height;
};

// `head` is the first bytes of the file (a few KiB suffice for PNG/GIF/WebP;
// JPEG needs up to its first SOF marker). `filename` breaks ties by extension.
MediaInfo sniff_media(std::string_view head, std::string_view filename);

// Lower-cased extension without the dot, or "".
std::string extension_of(std::string_view filename);
// "image", "video" or "raw" for a file extension (what Cloudinary's auto detection yields).
std::string resource_type_for_extension(std::string_view extension);

}  // namespace cldcert::mock
