#include "mocks/widget_shims.h"

namespace cldcert::mock {
namespace {

std::string_view shim_file(std::string_view name) {
  for (const auto& f : widget_shim_files()) {
    if (f.name == name) return f.content;
  }
  return {};
}

struct HostedWidget {
  std::string_view host;
  std::string_view path_contains;  // "" for any path on that host
  std::string_view widget;
};

// Every documented address of each widget's script, old and new (cloudinary-api.md §6).
constexpr HostedWidget kHosted[] = {
    {"media-library.cloudinary.com", "", "media_library"},
    {"upload-widget.cloudinary.com", "", "upload_widget"},
    {"widget.cloudinary.com", "", "upload_widget"},
    {"product-gallery.cloudinary.com", "", "product_gallery"},
    {"unpkg.com", "/cloudinary-video-player", "video_player"},
    {"cdn.jsdelivr.net", "/cloudinary-video-player", "video_player"},
};

}  // namespace

std::optional<WidgetShim> widget_shim_for_url(std::string_view url) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (!url.starts_with(scheme)) continue;
    std::string_view rest = url.substr(scheme.size());
    std::size_t slash = rest.find('/');
    std::string_view host = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? "/" : rest.substr(slash);
    path = path.substr(0, path.find_first_of("?#"));
    for (const auto& hosted : kHosted) {
      if (host != hosted.host || path.find(hosted.path_contains) == std::string_view::npos) continue;
      if (path.ends_with(".css"))
        return WidgetShim{std::string(hosted.widget), "text/css", "/* cldcert widget shim */\n"};
      if (!path.ends_with(".js")) return std::nullopt;
      std::string body(shim_file("record.js"));
      body += shim_file(std::string(hosted.widget) + ".js");
      return WidgetShim{std::string(hosted.widget), "application/javascript", std::move(body)};
    }
  }
  return std::nullopt;
}

}  // namespace cldcert::mock
