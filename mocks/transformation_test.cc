#include "mocks/transformation.h"

#include <gtest/gtest.h>

#include <tuple>

#include "mocks/url_signature.h"

namespace cldcert::mock {
namespace {

Transformation parse_ok(std::string_view text) {
  auto result = parse_transformation(text);
  if (auto* error = std::get_if<TransformationError>(&result)) {
    ADD_FAILURE() << text << " rejected: " << error->message;
    return {};
  }
  return std::get<Transformation>(result);
}

TransformationError parse_bad(std::string_view text) {
  auto result = parse_transformation(text);
  if (std::holds_alternative<Transformation>(result)) {
    ADD_FAILURE() << text << " accepted";
    return {};
  }
  return std::get<TransformationError>(result);
}

TEST(Transformation, SingleComponentSplitsIntoParams) {
  const Transformation t = parse_ok("c_fill,h_150,w_100");
  ASSERT_EQ(t.components.size(), 1u);
  ASSERT_EQ(t.components[0].params.size(), 3u);
  EXPECT_EQ(t.components[0].params[0].key, "c");
  EXPECT_EQ(t.components[0].params[0].value, "fill");
  EXPECT_EQ(t.components[0].params[2].key, "w");
  EXPECT_EQ(t.components[0].params[2].value, "100");
  EXPECT_EQ(t.components[0].text, "c_fill,h_150,w_100");
  EXPECT_FALSE(t.chained());
}

TEST(Transformation, ChainedOptimisation) {
  const Transformation t = parse_ok("c_pad,w_400/f_auto,q_auto");
  EXPECT_TRUE(t.chained());
  ASSERT_EQ(t.components.size(), 2u);
  EXPECT_EQ(t.components[1].text, "f_auto,q_auto");
  EXPECT_TRUE(t.has("f", "auto"));
  EXPECT_TRUE(t.has("q", "auto"));
  EXPECT_FALSE(t.has("q", "80"));
  EXPECT_EQ(t.value("c"), "pad");
  EXPECT_EQ(t.value("w"), "400");
  EXPECT_FALSE(t.has("h"));
  EXPECT_EQ(t.value("h"), std::nullopt);
}

TEST(Transformation, ValueIsTheFirstOccurrence) {
  const Transformation t = parse_ok("f_png/f_auto");
  EXPECT_EQ(t.value("f"), "png");
  EXPECT_TRUE(t.has("f", "auto"));
}

TEST(Transformation, NamedTransformations) {
  EXPECT_EQ(parse_ok("t_thumb").named(), std::vector<std::string>{"thumb"});
  EXPECT_EQ(parse_ok("t_a.b").named(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parse_ok("t_my-thumb_2,w_100/c_scale/t_a.my-thumb_2").named(),
            (std::vector<std::string>{"my-thumb_2", "a"}));
  EXPECT_TRUE(parse_ok("c_fill,w_100").named().empty());
  EXPECT_EQ(parse_bad("t_a..b").message, "Invalid named transformation in transformation: a..b");
  EXPECT_EQ(parse_bad("t_a b").message, "Invalid named transformation in transformation: a b");
}

TEST(Transformation, AcceptsValueFormsCloudinaryDocuments) {
  // A data list, kept packed to be read at a glance.
  // clang-format off
  for (const char* text : {
           "dpr_1.5", "dpr_2.0", "dpr_auto", "w_0.5", "w_auto", "w_auto:100:400", "w_iw_div_2",
           "h_ih_mul_0.5", "w_$w", "x_-10,y_20", "ar_16:9", "ar_1.5", "a_90", "a_-20",
           "a_auto_right", "a_vflip.45", "r_max", "r_20:0:20:0", "o_50", "z_1.2",
           "q_80", "q_1", "q_100", "q_auto:good", "q_auto:eco", "q_80:420", "q_jpegmini",
           "f_webp", "f_mp4", "f_auto:image", "g_auto", "g_face", "g_north_east", "g_xy_center",
           "g_auto:subject", "e_sepia", "e_sepia:50", "e_brightness:-30",
           "e_gen_background_replace:prompt_a dog", "fl_layer_apply", "fl_progressive:steep",
           "fl_lossy.progressive", "l_text:Arial_20:hello", "l_logo", "u_badge",
           "co_yellow", "b_rgb:ff0000", "bo_3px_solid_black", "d_avatar.png", "so_2.5",
           "eo_10p", "du_30", "so_auto", "vc_h264:baseline:3.1", "ac_none", "br_250k",
           "br_2m:constant", "fps_25", "fps_15-25", "fps_25-", "sp_hd", "ki_2.5", "pg_2",
           "dn_300", "dl_100", "cs_srgb", "vs_10", "vs_2.5s", "af_44100", "fn_wasm:blur.wasm",
           "p_prefix", "bl_baseline"}) {
    // clang-format on
    SCOPED_TRACE(text);
    const Transformation t = parse_ok(text);
    EXPECT_EQ(t.to_string(), text);
  }
}

TEST(Transformation, EveryCropModeIsKnown) {
  for (const char* mode : {"scale", "fit", "limit", "mfit", "fill", "lfill", "pad", "lpad", "mpad", "fill_pad", "crop",
                           "thumb", "imagga_crop", "imagga_scale", "auto", "auto_pad"}) {
    EXPECT_EQ(parse_ok(std::string("c_") + mode).value("c"), mode);
  }
}

TEST(Transformation, VariablesAndConditionalsAreTolerated) {
  const Transformation vars = parse_ok("$w_100,c_scale,w_$w");
  EXPECT_EQ(vars.value("$w"), "100");
  EXPECT_EQ(vars.value("w"), "$w");
  EXPECT_EQ(vars.to_string(), "$w_100,c_scale,w_$w");

  const Transformation cond = parse_ok("if_w_gt_400,c_scale,w_300/if_else,w_100/if_end");
  EXPECT_EQ(cond.components.size(), 3u);
  EXPECT_EQ(cond.value("if"), "w_gt_400");
  EXPECT_TRUE(cond.has("if", "end"));
  EXPECT_EQ(cond.to_string(), "if_w_gt_400,c_scale,w_300/if_else,w_100/if_end");

  EXPECT_TRUE(std::holds_alternative<Transformation>(parse_transformation("$style_!Arial_20!")));
  // Variable names are letters then letters/digits; "$_x" is not a name.
  EXPECT_EQ(parse_bad("$_x_1").message, "Invalid transformation component - $_x_1");
  EXPECT_EQ(parse_bad("$w_").message, "Invalid transformation component - $w_");
}

TEST(Transformation, EmptyTextIsTheIdentity) {
  const Transformation t = parse_ok("");
  EXPECT_TRUE(t.components.empty());
  EXPECT_FALSE(t.chained());
  EXPECT_EQ(t.to_string(), "");
}

TEST(Transformation, UnknownKeyNamesTheComponent) {
  const TransformationError e = parse_bad("c_fill/w_100,foo_bar");
  EXPECT_EQ(e.message, "Invalid transformation component - foo_bar");
  EXPECT_EQ(e.component, 1u);
  EXPECT_EQ(e.offending, "foo_bar");
  EXPECT_EQ(parse_bad("sample").message, "Invalid transformation component - sample");
  EXPECT_EQ(parse_bad("W_100").message, "Invalid transformation component - W_100");
  // Keys some write-ups list that Cloudinary's reference does not have.
  for (const char* text : {"ln_1", "of_10", "pr_1"}) {
    EXPECT_EQ(parse_bad(text).message, std::string("Invalid transformation component - ") + text);
  }
}

TEST(Transformation, BadValuesSayWhichParameter) {
  const TransformationError width = parse_bad("w_abc");
  EXPECT_EQ(width.message, "Invalid width in transformation: abc");
  EXPECT_EQ(width.offending, "w_abc");
  EXPECT_EQ(width.component, 0u);
  EXPECT_EQ(parse_bad("c_pad/c_unknownmode").message, "Invalid crop in transformation: unknownmode");
  EXPECT_EQ(parse_bad("c_pad/c_unknownmode").component, 1u);
  EXPECT_EQ(parse_bad("q_200").message, "Invalid quality in transformation: 200");
  EXPECT_EQ(parse_bad("q_0").message, "Invalid quality in transformation: 0");
  EXPECT_EQ(parse_bad("q_auto:great").message, "Invalid quality in transformation: auto:great");
  EXPECT_EQ(parse_bad("h_").message, "Invalid height in transformation: ");
  EXPECT_EQ(parse_bad("w_iw_div").message, "Invalid width in transformation: iw_div");
  EXPECT_EQ(parse_bad("w_iw_frobnicate_2").message, "Invalid width in transformation: iw_frobnicate_2");
  EXPECT_EQ(parse_bad("w_-5").message, "Invalid width in transformation: -5");
  EXPECT_EQ(parse_bad("o_-5").message, "Invalid opacity in transformation: -5");
  EXPECT_EQ(parse_bad("dpr_x2").message, "Invalid dpr in transformation: x2");
  EXPECT_EQ(parse_bad("f_.jpg").message, "Invalid format in transformation: .jpg");
  EXPECT_EQ(parse_bad("e_:50").message, "Invalid effect in transformation: :50");
  EXPECT_EQ(parse_bad("ar_16:").message, "Invalid aspect ratio in transformation: 16:");
  EXPECT_EQ(parse_bad("a_sideways").message, "Invalid angle in transformation: sideways");
  EXPECT_EQ(parse_bad("fps_fast").message, "Invalid fps in transformation: fast");
}

TEST(Transformation, EmptyComponentsAndPiecesAreErrors) {
  const TransformationError slash = parse_bad("c_pad,w_400//f_auto");
  EXPECT_EQ(slash.message, "Empty transformation component");
  EXPECT_EQ(slash.component, 1u);
  EXPECT_EQ(parse_bad("c_pad/").component, 1u);
  EXPECT_EQ(parse_bad("w_100,,h_100").message, "Invalid transformation component - w_100,,h_100");
}

TEST(Transformation, LooksLikeTransformationGoesByKeysOnly) {
  EXPECT_TRUE(looks_like_transformation("c_fill,w_100"));
  EXPECT_TRUE(looks_like_transformation("w_abc"));  // known key: parsed later, answered 400
  EXPECT_TRUE(looks_like_transformation("$w_100,w_$w"));
  EXPECT_TRUE(looks_like_transformation("if_end"));
  EXPECT_FALSE(looks_like_transformation("foo_bar"));
  EXPECT_FALSE(looks_like_transformation("w_100,foo_bar"));
  EXPECT_FALSE(looks_like_transformation("sample"));
  EXPECT_FALSE(looks_like_transformation("https:"));
  EXPECT_FALSE(looks_like_transformation(""));
  for (const char* key : {"a",   "ac", "af", "ar", "b",  "bl", "bo", "br",  "c",  "co", "cs", "d",  "dl", "dn",
                          "dpr", "du", "e",  "eo", "f",  "fl", "fn", "fps", "g",  "h",  "if", "ki", "l",  "o",
                          "p",   "pg", "q",  "r",  "so", "sp", "t",  "u",   "vc", "vs", "w",  "x",  "y",  "z"}) {
    EXPECT_TRUE(looks_like_transformation(std::string(key) + "_1")) << key;
  }
}

// Expected parts of one SDK-generated URL.
struct UrlSample {
  const char* url;
  const char* cloud;
  const char* resource_type;
  const char* type;
  const char* signature;
  const char* transformation;
  std::optional<long long> version;
  const char* public_id;
  const char* format;
  const char* query;
  const char* signed_text;
  const char* url_suffix = "";  // SEO-friendly URLs only
};

// Every `url` below was printed by the official Node SDK pinned in tests/sdk
// (cloudinary 2.11.0, Node 20), with
//   cloudinary.config({cloud_name: 'fake-cloud', api_key: '000000000000000',
//                      api_secret: 'fake_secret_for_tests_0000000', secure: true})
// and the call in the comment above each line, e.g. `url('sample', {})` is
// cloudinary.v2.url('sample', {}). The expected parts are read off the SDK's inputs.
const UrlSample kSdkSamples[] = {
    // url('sample', {})
    {"https://res.cloudinary.com/fake-cloud/image/upload/sample?_a=BAMAROfk0", "fake-cloud", "image", "upload", "", "",
     std::nullopt, "sample", "", "_a=BAMAROfk0", "sample"},
    // url('sample', {format: 'jpg', version: 1712345678})
    {"https://res.cloudinary.com/fake-cloud/image/upload/v1712345678/sample.jpg?_a=BAMAROfk0", "fake-cloud", "image",
     "upload", "", "", 1712345678, "sample", "jpg", "_a=BAMAROfk0", "sample.jpg"},
    // url('sample', {width: 100, height: 150, crop: 'fill', format: 'jpg', analytics: false})
    {"https://res.cloudinary.com/fake-cloud/image/upload/c_fill,h_150,w_100/sample.jpg", "fake-cloud", "image",
     "upload", "", "c_fill,h_150,w_100", std::nullopt, "sample", "jpg", "", "c_fill,h_150,w_100/sample.jpg"},
    // url('folder/sub/sample', {format: 'png'})  -- v1 forced by the '/'
    {"https://res.cloudinary.com/fake-cloud/image/upload/v1/folder/sub/sample.png?_a=BAMAROfk0", "fake-cloud", "image",
     "upload", "", "", 1, "folder/sub/sample", "png", "_a=BAMAROfk0", "folder/sub/sample.png"},
    // url('folder/sample', {transformation: [{crop: 'pad', width: 400},
    //                                        {fetch_format: 'auto', quality: 'auto'}]})
    {"https://res.cloudinary.com/fake-cloud/image/upload/c_pad,w_400/f_auto,q_auto/v1/folder/"
     "sample?_a=BAMAROfk0",
     "fake-cloud", "image", "upload", "", "c_pad,w_400/f_auto,q_auto", 1, "folder/sample", "", "_a=BAMAROfk0",
     "c_pad,w_400/f_auto,q_auto/folder/sample"},
    // url('sample', {type: 'private', sign_url: true, format: 'jpg', version: 1712345678})
    {"https://res.cloudinary.com/fake-cloud/image/private/s--GswSrZD---/v1712345678/sample.jpg?_a="
     "BAMAROfk0",
     "fake-cloud", "image", "private", "GswSrZD-", "", 1712345678, "sample", "jpg", "_a=BAMAROfk0", "sample.jpg"},
    // url('sample', {type: 'authenticated', sign_url: true, width: 100, crop: 'scale',
    //                format: 'jpg'})
    {"https://res.cloudinary.com/fake-cloud/image/authenticated/s--hhLArFOy--/c_scale,w_100/"
     "sample.jpg?_a=BAMAROfk0",
     "fake-cloud", "image", "authenticated", "hhLArFOy", "c_scale,w_100", std::nullopt, "sample", "jpg", "_a=BAMAROfk0",
     "c_scale,w_100/sample.jpg"},
    // url('folder/sample', {type: 'authenticated', sign_url: true, long_url_signature: true,
    //                       format: 'jpg'})
    {"https://res.cloudinary.com/fake-cloud/image/authenticated/"
     "s--WQhbqePOm9X5QXAag5Fp_Z6QXQtg7AnG--/v1/folder/sample.jpg?_a=BAMAROfk0",
     "fake-cloud", "image", "authenticated", "WQhbqePOm9X5QXAag5Fp_Z6QXQtg7AnG", "", 1, "folder/sample", "jpg",
     "_a=BAMAROfk0", "folder/sample.jpg"},
    // url('clips/dog', {resource_type: 'video', type: 'authenticated', sign_url: true,
    //     transformation: [{width: 320, crop: 'scale'}, {fetch_format: 'auto', quality: 'auto'}],
    //     format: 'mp4'})
    {"https://res.cloudinary.com/fake-cloud/video/authenticated/s--ULqCVAJ5--/c_scale,w_320/"
     "f_auto,q_auto/v1/clips/dog.mp4?_a=BAMAROfk0",
     "fake-cloud", "video", "authenticated", "ULqCVAJ5", "c_scale,w_320/f_auto,q_auto", 1, "clips/dog", "mp4",
     "_a=BAMAROfk0", "c_scale,w_320/f_auto,q_auto/clips/dog.mp4"},
    // url('https://example.com/images/pic one.jpg?x=1&y=2',
    //     {type: 'fetch', width: 300, crop: 'limit', fetch_format: 'auto'})
    {"https://res.cloudinary.com/fake-cloud/image/fetch/c_limit,f_auto,w_300/https://example.com/"
     "images/pic%20one.jpg%3Fx%3D1%26y%3D2?_a=BAMAROfk0",
     "fake-cloud", "image", "fetch", "", "c_limit,f_auto,w_300", std::nullopt,
     "https://example.com/images/pic one.jpg?x=1&y=2", "", "_a=BAMAROfk0",
     "c_limit,f_auto,w_300/https://example.com/images/pic%20one.jpg%3Fx%3D1%26y%3D2"},
    // url('https://example.com/a.png', {type: 'fetch'})
    {"https://res.cloudinary.com/fake-cloud/image/fetch/https://example.com/a.png?_a=BAMAROfk0", "fake-cloud", "image",
     "fetch", "", "", std::nullopt, "https://example.com/a.png", "", "_a=BAMAROfk0", "https://example.com/a.png"},
    // url('clips/dog', {resource_type: 'video', format: 'mp4', width: 640, crop: 'scale',
    //                   quality: 'auto'})
    {"https://res.cloudinary.com/fake-cloud/video/upload/c_scale,q_auto,w_640/v1/clips/dog.mp4?_a="
     "BAMAROfk0",
     "fake-cloud", "video", "upload", "", "c_scale,q_auto,w_640", 1, "clips/dog", "mp4", "_a=BAMAROfk0",
     "c_scale,q_auto,w_640/clips/dog.mp4"},
    // url('dog', {resource_type: 'video', start_offset: 2.5, end_offset: '10p', format: 'webm'})
    {"https://res.cloudinary.com/fake-cloud/video/upload/eo_10p,so_2.5/dog.webm?_a=BAMAROfk0", "fake-cloud", "video",
     "upload", "", "eo_10p,so_2.5", std::nullopt, "dog", "webm", "_a=BAMAROfk0", "eo_10p,so_2.5/dog.webm"},
    // url('docs/report.pdf', {resource_type: 'raw'})
    {"https://res.cloudinary.com/fake-cloud/raw/upload/v1/docs/report.pdf?_a=BAMAROfk0", "fake-cloud", "raw", "upload",
     "", "", 1, "docs/report.pdf", "", "_a=BAMAROfk0", "docs/report.pdf"},
    // url('data.csv', {resource_type: 'raw', version: 1712345678})
    {"https://res.cloudinary.com/fake-cloud/raw/upload/v1712345678/data.csv?_a=BAMAROfk0", "fake-cloud", "raw",
     "upload", "", "", 1712345678, "data.csv", "", "_a=BAMAROfk0", "data.csv"},
    // url('sample', {transformation: ['thumb', 'rounded'], format: 'jpg'})
    {"https://res.cloudinary.com/fake-cloud/image/upload/t_thumb.rounded/sample.jpg?_a=BAMAROfk0", "fake-cloud",
     "image", "upload", "", "t_thumb.rounded", std::nullopt, "sample", "jpg", "_a=BAMAROfk0",
     "t_thumb.rounded/sample.jpg"},
    // url('sample', {width: 'auto:100:400', crop: 'limit', dpr: 1.5})
    {"https://res.cloudinary.com/fake-cloud/image/upload/c_limit,dpr_1.5,w_auto:100:400/sample?_a="
     "BAMAROfkA",
     "fake-cloud", "image", "upload", "", "c_limit,dpr_1.5,w_auto:100:400", std::nullopt, "sample", "", "_a=BAMAROfkA",
     "c_limit,dpr_1.5,w_auto:100:400/sample"},
    // url('sample', {$w: 100, width: '$w', crop: 'scale'})
    {"https://res.cloudinary.com/fake-cloud/image/upload/$w_100,c_scale,w_$w/sample?_a=BAMAROfk0", "fake-cloud",
     "image", "upload", "", "$w_100,c_scale,w_$w", std::nullopt, "sample", "", "_a=BAMAROfk0",
     "$w_100,c_scale,w_$w/sample"},
    // url('sample', {if: 'w > 400', width: 300, crop: 'scale'})
    {"https://res.cloudinary.com/fake-cloud/image/upload/if_w_gt_400,c_scale,w_300/sample?_a="
     "BAMAROfk0",
     "fake-cloud", "image", "upload", "", "if_w_gt_400,c_scale,w_300", std::nullopt, "sample", "", "_a=BAMAROfk0",
     "if_w_gt_400,c_scale,w_300/sample"},
    // url('sample', {effect: 'sepia:50', overlay: 'text:Arial_20:hello', format: 'jpg'})
    {"https://res.cloudinary.com/fake-cloud/image/upload/e_sepia:50,l_text:Arial_20:hello/"
     "sample.jpg?_a=BAMAROfk0",
     "fake-cloud", "image", "upload", "", "e_sepia:50,l_text:Arial_20:hello", std::nullopt, "sample", "jpg",
     "_a=BAMAROfk0", "e_sepia:50,l_text:Arial_20:hello/sample.jpg"},
    // url('sample', {angle: 90, radius: 'max', opacity: 50, border: '3px_solid_black',
    //                format: 'png'})
    {"https://res.cloudinary.com/fake-cloud/image/upload/a_90,bo_3px_solid_black,o_50,r_max/"
     "sample.png?_a=BAMAROfk0",
     "fake-cloud", "image", "upload", "", "a_90,bo_3px_solid_black,o_50,r_max", std::nullopt, "sample", "png",
     "_a=BAMAROfk0", "a_90,bo_3px_solid_black,o_50,r_max/sample.png"},
    // url('my file', {format: 'jpg'})
    {"https://res.cloudinary.com/fake-cloud/image/upload/my%20file.jpg?_a=BAMAROfk0", "fake-cloud", "image", "upload",
     "", "", std::nullopt, "my file", "jpg", "_a=BAMAROfk0", "my%20file.jpg"},
    // url('ünïcode/ñ', {format: 'jpg'})
    {"https://res.cloudinary.com/fake-cloud/image/upload/v1/%C3%BCn%C3%AFcode/%C3%B1.jpg?_a="
     "BAMAROfk0",
     "fake-cloud", "image", "upload", "", "", 1,
     "\xC3\xBCn\xC3\xAF"
     "code/\xC3\xB1",
     "jpg", "_a=BAMAROfk0", "%C3%BCn%C3%AFcode/%C3%B1.jpg"},
    // url('sample', {cdn_subdomain: true, format: 'jpg'})
    {"https://res-4.cloudinary.com/fake-cloud/image/upload/sample.jpg?_a=BAMAROfk0", "fake-cloud", "image", "upload",
     "", "", std::nullopt, "sample", "jpg", "_a=BAMAROfk0", "sample.jpg"},
    // url('sample', {private_cdn: true, format: 'jpg'})  -- cloud only in the host name
    {"https://fake-cloud-res.cloudinary.com/image/upload/sample.jpg?_a=BAMAROfk0", "fake-cloud", "image", "upload", "",
     "", std::nullopt, "sample", "jpg", "_a=BAMAROfk0", "sample.jpg"},
    // url('sample', {secure: false, cname: 'media.example.com', format: 'jpg'})
    {"http://media.example.com/fake-cloud/image/upload/sample.jpg?_a=BAMAROfk0", "fake-cloud", "image", "upload", "",
     "", std::nullopt, "sample", "jpg", "_a=BAMAROfk0", "sample.jpg"},
    // url('sample', {secure_distribution: '127.0.0.1:8080', format: 'jpg'})  -- at the mock
    {"https://127.0.0.1:8080/fake-cloud/image/upload/sample.jpg?_a=BAMAROfk0", "fake-cloud", "image", "upload", "", "",
     std::nullopt, "sample", "jpg", "_a=BAMAROfk0", "sample.jpg"},
    // url('folder/sample', {secure: false, cname: '127.0.0.1:8080', width: 100, crop: 'scale',
    //                       format: 'jpg'})
    {"http://127.0.0.1:8080/fake-cloud/image/upload/c_scale,w_100/v1/folder/sample.jpg?_a="
     "BAMAROfk0",
     "fake-cloud", "image", "upload", "", "c_scale,w_100", 1, "folder/sample", "jpg", "_a=BAMAROfk0",
     "c_scale,w_100/folder/sample.jpg"},
    // SEO-friendly URLs: url('test', {url_suffix: 'hello'})
    {"https://res.cloudinary.com/fake-cloud/images/test/hello?_a=BAMAROfk0", "fake-cloud", "image", "upload", "", "",
     std::nullopt, "test", "", "_a=BAMAROfk0", "test", "hello"},
    // url('shop/shoe', {url_suffix: 'red-shoe', format: 'png', width: 100, crop: 'scale'})
    {"https://res.cloudinary.com/fake-cloud/images/c_scale,w_100/v1/shop/shoe/red-shoe.png?_a=BAMAROfk0", "fake-cloud",
     "image", "upload", "", "c_scale,w_100", 1, "shop/shoe", "png", "_a=BAMAROfk0", "c_scale,w_100/shop/shoe.png",
     "red-shoe"},
    // url('clips/dog', {resource_type: 'video', url_suffix: 'my-dog', format: 'mp4'})
    {"https://res.cloudinary.com/fake-cloud/videos/v1/clips/dog/my-dog.mp4?_a=BAMAROfk0", "fake-cloud", "video",
     "upload", "", "", 1, "clips/dog", "mp4", "_a=BAMAROfk0", "clips/dog.mp4", "my-dog"},
    // url('docs/report.pdf', {resource_type: 'raw', url_suffix: 'annual-report'})
    {"https://res.cloudinary.com/fake-cloud/files/v1/docs/report.pdf/annual-report?_a=BAMAROfk0", "fake-cloud", "raw",
     "upload", "", "", 1, "docs/report.pdf", "", "_a=BAMAROfk0", "docs/report.pdf", "annual-report"},
    // url('secret/card', {type: 'private', url_suffix: 'member-card', format: 'jpg', sign_url: true,
    //                     width: 50, crop: 'scale'})
    {"https://res.cloudinary.com/fake-cloud/private_images/s--0pSjqpNv--/c_scale,w_50/v1/secret/card/member-card.jpg"
     "?_a=BAMAROfk0",
     "fake-cloud", "image", "private", "0pSjqpNv", "c_scale,w_50", 1, "secret/card", "jpg", "_a=BAMAROfk0",
     "c_scale,w_50/secret/card.jpg", "member-card"},
    // url('members/card', {type: 'authenticated', url_suffix: 'card', format: 'png', sign_url: true})
    {"https://res.cloudinary.com/fake-cloud/authenticated_images/s--vbUkXM2v--/v1/members/card/card.png?_a=BAMAROfk0",
     "fake-cloud", "image", "authenticated", "vbUkXM2v", "", 1, "members/card", "png", "_a=BAMAROfk0",
     "members/card.png", "card"},
    // url('sample', {shorten: true, format: 'jpg'}): "iu" takes no suffix
    {"https://res.cloudinary.com/fake-cloud/iu/sample.jpg?_a=BAMAROfk0", "fake-cloud", "image", "upload", "", "",
     std::nullopt, "sample", "jpg", "_a=BAMAROfk0", "sample.jpg"},
};

TEST(DeliveryUrl, SplitsSdkOutput) {
  for (const UrlSample& s : kSdkSamples) {
    SCOPED_TRACE(s.url);
    std::string error;
    const std::optional<DeliveryUrl> url = parse_delivery_url(s.url, &error);
    ASSERT_TRUE(url.has_value()) << error;
    EXPECT_EQ(url->cloud, s.cloud);
    EXPECT_EQ(url->resource_type, s.resource_type);
    EXPECT_EQ(url->type, s.type);
    EXPECT_EQ(url->signature, s.signature);
    EXPECT_EQ(url->transformation_text, s.transformation);
    EXPECT_EQ(url->version, s.version);
    EXPECT_EQ(url->public_id, s.public_id);
    EXPECT_EQ(url->format, s.format);
    EXPECT_EQ(url->query, s.query);
    EXPECT_EQ(url->signed_text, s.signed_text);
    EXPECT_EQ(url->url_suffix, s.url_suffix);
    // Whatever the SDK puts in a URL must parse and print back unchanged.
    EXPECT_EQ(parse_ok(url->transformation_text).to_string(), s.transformation);
  }
}

TEST(DeliveryUrl, SignedTextIsWhatTheSdkSigned) {
  constexpr std::string_view kSecret = "fake_secret_for_tests_0000000";
  for (const UrlSample& s : kSdkSamples) {
    if (*s.signature == '\0') continue;
    SCOPED_TRACE(s.url);
    const std::optional<DeliveryUrl> url = parse_delivery_url(s.url);
    ASSERT_TRUE(url.has_value());
    EXPECT_TRUE(verify_url_signature(url->signature, url->signed_text, kSecret, DigestAlgorithm::kSha1));
  }
}

TEST(DeliveryUrl, CheckQuestionsOnAnSdkUrl) {
  const auto url = parse_delivery_url(
      "https://res.cloudinary.com/fake-cloud/image/upload/c_pad,w_400/f_auto,q_auto/v1/folder/"
      "sample?_a=BAMAROfk0");
  ASSERT_TRUE(url.has_value());
  const Transformation t = parse_ok(url->transformation_text);
  EXPECT_TRUE(t.chained());
  EXPECT_TRUE(t.has("f", "auto") && t.has("q", "auto"));
  EXPECT_TRUE(t.named().empty());
}

TEST(DeliveryUrl, BarePathsAndKnownCloud) {
  auto path = parse_delivery_url("/fake-cloud/image/upload/w_100/sample.jpg");
  ASSERT_TRUE(path.has_value());
  EXPECT_EQ(path->cloud, "fake-cloud");
  EXPECT_EQ(path->transformation_text, "w_100");
  EXPECT_EQ(path->public_id, "sample");

  // url('sample', {private_cdn: true, secure_distribution: 'media.example.com', format: 'jpg'})
  const char* cname = "https://media.example.com/image/upload/sample.jpg?_a=BAMAROfk0";
  std::string error;
  EXPECT_FALSE(parse_delivery_url(cname, &error).has_value());
  EXPECT_NE(error.find("no cloud name"), std::string::npos) << error;
  auto with_cloud = parse_delivery_url(cname, &error, "fake-cloud");
  ASSERT_TRUE(with_cloud.has_value()) << error;
  EXPECT_EQ(with_cloud->cloud, "fake-cloud");
  EXPECT_EQ(with_cloud->public_id, "sample");

  // A known cloud does not swallow a path that names it.
  auto named = parse_delivery_url("http://127.0.0.1:9/fake-cloud/image/upload/x.png", &error, "fake-cloud");
  ASSERT_TRUE(named.has_value()) << error;
  EXPECT_EQ(named->resource_type, "image");
  EXPECT_EQ(named->public_id, "x");
}

TEST(DeliveryUrl, TransformationsEndAtTheVersionOrThePublicId) {
  // Known keys with bad values are still the transformation part: the endpoint answers 400.
  auto bad_value = parse_delivery_url("/c/image/upload/w_abc/sample.jpg");
  ASSERT_TRUE(bad_value.has_value());
  EXPECT_EQ(bad_value->transformation_text, "w_abc");
  EXPECT_EQ(parse_bad(bad_value->transformation_text).message, "Invalid width in transformation: abc");

  // Before a version nothing can be public id, so an unknown key is a bad transformation.
  auto before_version = parse_delivery_url("/c/image/upload/c_fill/foo_bar/v3/sample.jpg");
  ASSERT_TRUE(before_version.has_value());
  EXPECT_EQ(before_version->transformation_text, "c_fill/foo_bar");
  EXPECT_EQ(before_version->version, 3);
  EXPECT_EQ(parse_bad(before_version->transformation_text).message, "Invalid transformation component - foo_bar");

  // Without a version an unknown-looking folder belongs to the public id.
  auto folder = parse_delivery_url("/c/image/upload/c_fill/my-folder/sample.jpg");
  ASSERT_TRUE(folder.has_value());
  EXPECT_EQ(folder->transformation_text, "c_fill");
  EXPECT_EQ(folder->public_id, "my-folder/sample");

  // The last component is always the public id, even when it looks like a transformation.
  auto last = parse_delivery_url("/c/image/upload/w_100");
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->transformation_text, "");
  EXPECT_EQ(last->public_id, "w_100");

  // A folder after the version is public id, whatever it looks like.
  auto after = parse_delivery_url("/c/image/upload/v1/t_shirts/red.jpg");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->transformation_text, "");
  EXPECT_EQ(after->public_id, "t_shirts/red");
}

TEST(DeliveryUrl, SeoPathsAfterACdnHostOrWithoutSuffix) {
  using Parts = std::tuple<std::string, std::string, std::string, std::string>;  // cloud, public id, suffix, format
  auto parts = [](const std::optional<DeliveryUrl>& u) {
    return u ? Parts{u->cloud, u->public_id, u->url_suffix, u->format} : Parts{};
  };
  // A private CDN host names the cloud; the SEO path follows it directly.
  EXPECT_EQ(parts(parse_delivery_url("https://fake-cloud-res.cloudinary.com/images/v1/shop/shoe/red.png")),
            (Parts{"fake-cloud", "shop/shoe", "red", "png"}));
  // One component after an SEO path is the public id, with no suffix.
  EXPECT_EQ(parts(parse_delivery_url("/fake-cloud/images/sample.jpg")), (Parts{"fake-cloud", "sample", "", "jpg"}));
}

TEST(DeliveryUrl, SignatureShapes) {
  auto sig = parse_delivery_url("/c/image/authenticated/s--GswSrZD---/sample.jpg");
  ASSERT_TRUE(sig.has_value());
  EXPECT_EQ(sig->signature, "GswSrZD-");
  // Wrong length: not a signature, so it is left to the public id.
  auto odd = parse_delivery_url("/c/image/upload/s--abc--/sample.jpg");
  ASSERT_TRUE(odd.has_value());
  EXPECT_EQ(odd->signature, "");
  EXPECT_EQ(odd->public_id, "s--abc--/sample");
}

TEST(DeliveryUrl, RejectsWrongShapes) {
  std::string error;
  EXPECT_FALSE(parse_delivery_url("https://res.cloudinary.com/c/pdf/upload/x.pdf", &error));
  EXPECT_EQ(error, "unknown resource type 'pdf'");
  EXPECT_FALSE(parse_delivery_url("https://res.cloudinary.com/c/image/upload/", &error));
  EXPECT_EQ(error, "no public id in delivery URL");
  EXPECT_FALSE(parse_delivery_url("https://res.cloudinary.com/c/image", &error));
  EXPECT_FALSE(parse_delivery_url("", &error));
  EXPECT_FALSE(parse_delivery_url("https://res.cloudinary.com/c/image/Up-load/x.jpg", &error));
  EXPECT_EQ(error, "invalid delivery type 'Up-load'");
}

}  // namespace
}  // namespace cldcert::mock
