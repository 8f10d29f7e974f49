#include "mocks/form_reader.h"

#include "mocks/bounded_json.h"
#include "mocks/text.h"

#include <nlohmann/json.hpp>

namespace cldcert::mock {
namespace {

bool has_prefix_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && text::iequals(s.substr(0, prefix.size()), prefix);
}

}  // namespace

FormReader::FormReader(std::string_view content_type, SinkFactory sink_factory)
    : content_type_(content_type), sink_factory_(std::move(sink_factory)) {
  if (has_prefix_ci(content_type, "multipart/form-data")) {
    kind_ = Kind::kMultipart;
    auto boundary = MultipartParser::boundary_from_content_type(content_type);
    if (!boundary) {
      form_.error = "multipart/form-data body without a boundary parameter";
      return;
    }
    MultipartParser::Callbacks callbacks;
    callbacks.on_part_begin = [this](const MultipartParser::PartHeader& part) {
      field_name_ = part.name;
      field_value_.clear();
      sink_ = nullptr;
      if (part.name == "file") {
        form_.file = FormFile{part.filename, part.content_type, 0};
        sink_ = &sink_factory_(*form_.file);
      }
    };
    callbacks.on_part_data = [this](const char* data, std::size_t size) {
      if (sink_ != nullptr) {
        form_.file->size += size;
        sink_->write(data, size);
      } else if (field_value_.size() + size <= kMaxTextField) {
        field_value_.append(data, size);
      } else if (form_.error.empty()) {
        form_.error = "form field '" + field_name_ + "' is larger than " + std::to_string(kMaxTextField) + " bytes";
      }
    };
    callbacks.on_part_end = [this] {
      if (sink_ == nullptr) form_.params.emplace_back(field_name_, std::move(field_value_));
      sink_ = nullptr;
      field_value_.clear();
    };
    multipart_ = std::make_unique<MultipartParser>(*boundary, std::move(callbacks));
  } else if (has_prefix_ci(content_type, "application/x-www-form-urlencoded")) {
    kind_ = Kind::kUrlEncoded;
  } else if (has_prefix_ci(content_type, "application/json")) {
    kind_ = Kind::kJson;
  } else if (content_type.empty()) {
    kind_ = Kind::kEmpty;
  } else {
    kind_ = Kind::kUnsupported;
  }
}

FormReader::~FormReader() = default;

void FormReader::feed(const char* data, std::size_t size) {
  bytes_ += size;
  if (!form_.error.empty() && kind_ != Kind::kMultipart) return;
  switch (kind_) {
    case Kind::kMultipart:
      // After an error, keep draining quietly: the client is still sending.
      if (multipart_ && form_.error.empty() && !multipart_->feed(data, size)) form_.error = multipart_->error();
      break;
    case Kind::kUrlEncoded:
    case Kind::kJson:
    case Kind::kEmpty:
      if (text_body_.size() + size > kMaxTextBody) {
        form_.error = "request body is larger than " + std::to_string(kMaxTextBody) +
                      " bytes; send large files as multipart/form-data";
        text_body_.clear();
        text_body_.shrink_to_fit();
      } else {
        text_body_.append(data, size);
      }
      break;
    case Kind::kUnsupported: break;
  }
}

void FormReader::parse_text_body() {
  if (kind_ == Kind::kJson) {
    ParsedJson parsed = parse_json_text(text_body_);
    if (!parsed.doc.is_object()) {
      form_.error = parsed.exceeds_limit() ? "request body: " + parsed.error : "request body is not a JSON object";
      return;
    }
    form_.params = params_from_json(parsed.doc);
  } else {
    form_.params = parse_query_string(text_body_);
  }
}

ParsedForm FormReader::finish() {
  switch (kind_) {
    case Kind::kMultipart:
      if (multipart_ && form_.error.empty() && !multipart_->finish()) form_.error = multipart_->error();
      break;
    case Kind::kUrlEncoded:
    case Kind::kJson:
      if (form_.error.empty()) parse_text_body();
      break;
    case Kind::kEmpty:
      if (!text_body_.empty()) form_.error = "request body has no Content-Type";
      break;
    case Kind::kUnsupported:
      form_.error = "unsupported Content-Type '" + content_type_ +
                    "'; use multipart/form-data, application/x-www-form-urlencoded or application/json";
      break;
  }
  return std::move(form_);
}

FormParams params_from_json(const nlohmann::json& body) {
  FormParams params;
  auto scalar = [](const nlohmann::json& v) -> std::string {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_null()) return "";
    return v.dump();
  };
  for (const auto& [key, value] : body.items()) {
    if (value.is_array()) {
      for (const auto& item : value) params.emplace_back(key + "[]", scalar(item));
    } else {
      params.emplace_back(key, scalar(value));
    }
  }
  return params;
}

std::optional<std::string> form_value(const FormParams& params, std::string_view key) {
  for (const auto& [k, v] : params) {
    if (k == key || (k.size() == key.size() + 2 && k.compare(0, key.size(), key) == 0 && k.ends_with("[]"))) {
      return v;
    }
  }
  return std::nullopt;
}

std::vector<std::string> form_values(const FormParams& params, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& [k, v] : params) {
    if (k == key || (k.size() == key.size() + 2 && k.compare(0, key.size(), key) == 0 && k.ends_with("[]"))) {
      out.push_back(v);
    }
  }
  return out;
}

}  // namespace cldcert::mock
