// Media files scenarios need (a PNG of a given size, N bytes of seeded data), generated
// fast on demand and cached by content, so large fixtures are never committed.
#pragma once

#include <filesystem>
#include <string>

#include "harness/checks/check.h"
#include "harness/scenario.h"

namespace cldcert {

// Returns the path of the fixture under `cache_dir`, generating it when missing.
std::filesystem::path materialize_fixture(const FixtureSpec& spec, const std::filesystem::path& cache_dir);

// Size and SHA-256 of a materialized fixture (the digest is cached beside the file).
FixtureFacts fixture_facts(const std::string& name, const std::filesystem::path& path);

// A valid, uncompressed RGB PNG (stored deflate blocks): real enough for browsers and sniffers.
std::string make_png(int width, int height, std::uint64_t seed);

}  // namespace cldcert
