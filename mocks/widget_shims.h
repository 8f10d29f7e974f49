// The shim widget scripts the mock serves in place of Cloudinary's hosted widgets (Media Library,
// Upload widget, Product Gallery, Video Player): the same globals, with every call recorded for checks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cldcert::mock {

// mocks/widget_shims/*.js as compiled in by cmake/embed.cmake ("media_library.js", …).
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};
const std::vector<EmbeddedFile>& widget_shim_files();

struct WidgetShim {
  std::string widget;        // media_library | upload_widget | product_gallery | video_player
  std::string content_type;  // the shim is JavaScript; a widget's stylesheet is an empty CSS file
  std::string body;
};

// What answers a widget's hosted URL (https://media-library.cloudinary.com/global/all.js, …, see
// shared/cloudinary-api.md §6): the shared recorder followed by that widget's shim; nullopt for
// any URL that is not a widget's.
std::optional<WidgetShim> widget_shim_for_url(std::string_view url);

}  // namespace cldcert::mock
