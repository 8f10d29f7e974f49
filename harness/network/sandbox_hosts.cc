#include "harness/network/sandbox_hosts.h"

#include "mocks/text.h"

namespace cldcert::network {

bool sandbox_answers_host(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  const std::string host = text::lower(name);
  // api., res., res-N., <cloud>-res. and the widget hosts (mocks/widget_shims.cc) are all *.cloudinary.com.
  if (host == "cloudinary.com" || host.ends_with(".cloudinary.com")) return true;
  // The video player's script, as mocks/widget_shims.cc serves it.
  return host == "unpkg.com" || host == "cdn.jsdelivr.net";
}

}  // namespace cldcert::network
