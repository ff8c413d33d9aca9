#include "cli/options.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace custody::cli {
namespace {

// A whole string as a double (strtod's syntax, surrounding blanks not allowed).
std::optional<double> number(const std::string& text, std::size_t& used) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return std::nullopt;
  const char* begin = text.c_str();
  char* end = nullptr;
  double v = std::strtod(begin, &end);
  if (end == begin) return std::nullopt;
  used = static_cast<std::size_t>(end - begin);
  return v;
}

}  // namespace

std::optional<unsigned> parse_timeout(const std::string& seconds) {
  std::size_t used = 0;
  auto v = number(seconds, used);
  if (!v || used != seconds.size() || !std::isfinite(*v) || !(*v > 0)) return std::nullopt;
  constexpr unsigned kMax = std::numeric_limits<unsigned>::max();
  double ms = std::ceil(*v * 1000);
  if (ms >= static_cast<double>(kMax)) return kMax;
  return std::max(1u, static_cast<unsigned>(ms));
}

std::optional<std::size_t> parse_memory(const std::string& size) {
  if (size == "none") return 0;
  std::size_t used = 0;
  auto v = number(size, used);
  if (!v || !std::isfinite(*v) || *v < 0) return std::nullopt;
  std::string unit = size.substr(used);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (unit.size() > 1 && (unit.substr(1) == "B" || unit.substr(1) == "IB")) unit.resize(1);
  double scale;
  if (unit.empty() || unit == "M") scale = 1024.0 * 1024;
  else if (unit == "K") scale = 1024.0;
  else if (unit == "G") scale = 1024.0 * 1024 * 1024;
  else if (unit == "T") scale = 1024.0 * 1024 * 1024 * 1024;
  else return std::nullopt;
  double bytes = *v * scale;
  if (bytes < 1024.0 * 1024) return std::nullopt;
  constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
  if (bytes >= static_cast<double>(kMax)) return kMax;
  return static_cast<std::size_t>(bytes);
}

}  // namespace custody::cli
