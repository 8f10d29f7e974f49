#include "mocks/data_uri.h"

#include <openssl/evp.h>

#include <fstream>
#include <vector>

#include "mocks/http_types.h"
#include "mocks/text.h"

namespace cldcert::mock {

struct DataUriDecoder::Base64State {
  EVP_ENCODE_CTX* ctx = EVP_ENCODE_CTX_new();
  ~Base64State() { EVP_ENCODE_CTX_free(ctx); }
};

DataUriDecoder::DataUriDecoder(FileWriter& out) : out_(out) {}
DataUriDecoder::~DataUriDecoder() { delete state_; }

bool looks_like_data_uri(std::string_view value) {
  return value.size() >= 5 && text::iequals(value.substr(0, 5), "data:");
}

bool looks_like_remote_url(std::string_view value) {
  for (std::string_view scheme : {"http://", "https://", "ftp://", "s3://", "gs://"}) {
    if (value.size() > scheme.size() && text::iequals(value.substr(0, scheme.size()), scheme)) return true;
  }
  return false;
}

void DataUriDecoder::feed(std::string_view text) {
  if (!error_.empty()) return;
  if (!in_payload_) {
    std::size_t comma = text.find(',');
    header_.append(text.substr(0, comma));
    if (header_.size() > 1024) {
      error_ = "data URI header is longer than 1024 bytes";
      return;
    }
    if (comma == std::string_view::npos) return;
    text.remove_prefix(comma + 1);
    in_payload_ = true;
    if (!looks_like_data_uri(header_)) {
      error_ = "file parameter is not a data URI";
      return;
    }
    std::string_view meta = std::string_view(header_).substr(5);
    base64_ = meta.size() >= 7 && text::iequals(meta.substr(meta.size() - 7), ";base64");
    media_type_ = std::string(meta.substr(0, meta.find(';')));
    if (base64_) {
      state_ = new Base64State;
      EVP_DecodeInit(state_->ctx);
    }
  }
  decode(text);
}

void DataUriDecoder::decode(std::string_view payload) {
  if (payload.empty()) return;
  if (base64_) {
    std::vector<unsigned char> buffer(payload.size() / 4 * 3 + 80);
    while (!payload.empty()) {
      int in = static_cast<int>(std::min<std::size_t>(payload.size(), 1 << 20));
      buffer.resize(static_cast<std::size_t>(in) / 4 * 3 + 80);
      int produced = 0;
      if (EVP_DecodeUpdate(state_->ctx, buffer.data(), &produced,
                           reinterpret_cast<const unsigned char*>(payload.data()), in) < 0) {
        error_ = "data URI payload is not valid base64";
        return;
      }
      out_.write(reinterpret_cast<const char*>(buffer.data()), static_cast<std::size_t>(produced));
      payload.remove_prefix(static_cast<std::size_t>(in));
    }
  } else {
    // Plain data URIs are percent-encoded; a '%xx' may straddle two feeds.
    std::string text = percent_tail_ + std::string(payload);
    percent_tail_.clear();
    std::size_t keep = 0;
    if (text.size() >= 1 && text.back() == '%')
      keep = 1;
    else if (text.size() >= 2 && text[text.size() - 2] == '%')
      keep = 2;
    percent_tail_ = text.substr(text.size() - keep);
    std::string decoded = percent_decode(std::string_view(text).substr(0, text.size() - keep), false);
    out_.write(decoded.data(), decoded.size());
  }
}

bool DataUriDecoder::finish() {
  if (!error_.empty()) return false;
  if (!in_payload_) {
    error_ = "data URI has no ',' before its payload";
    return false;
  }
  if (base64_) {
    unsigned char tail[80];
    int produced = 0;
    if (EVP_DecodeFinal(state_->ctx, tail, &produced) < 0) {
      error_ = "data URI payload is not valid base64";
      return false;
    }
    out_.write(reinterpret_cast<const char*>(tail), static_cast<std::size_t>(produced));
  } else if (!percent_tail_.empty()) {
    out_.write(percent_tail_.data(), percent_tail_.size());
  }
  return true;
}

bool decode_data_uri_file(const std::filesystem::path& source, FileWriter& out, std::string* media_type,
                          std::string* error) {
  std::ifstream in(source, std::ios::binary);
  DataUriDecoder decoder(out);
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    decoder.feed(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
  }
  bool ok = decoder.finish();
  if (media_type) *media_type = decoder.media_type();
  if (!ok && error) *error = decoder.error();
  return ok;
}

}  // namespace cldcert::mock
