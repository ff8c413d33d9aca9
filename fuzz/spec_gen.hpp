#pragma once
/// A structured generator of valid custody specs, driven by fuzz bytes.
///
/// The C++ counterpart of tests/differential/gen.py: every construct of the language can
/// appear (conditional clauses, sites that exist only under a condition, wraps including
/// self-wraps and mutual wraps, HSM keys, splits, layered encryption, full and item-list
/// flows, laws by actor and by jurisdiction, seizures, threats, assumptions, and every
/// assertion form), and every spec it returns is meant to load without errors. Specs stay
/// small (at most 3 conditions, 5 actors, 4 keys) so that both engines decide them fast.

#include <cstddef>
#include <cstdint>
#include <string>

namespace custody::fuzz {

/// Reads choices from the fuzz input, one byte each; an exhausted input reads as zeros,
/// so every input, even an empty one, gives a spec.
class ByteSource {
 public:
  ByteSource(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  /// A number in [0, n); 0 when n is 0.
  unsigned below(unsigned n);
  /// A number in [lo, hi].
  unsigned between(unsigned lo, unsigned hi) { return lo + below(hi - lo + 1); }
  /// True with probability about percent / 100.
  bool chance(unsigned percent) { return below(100) < percent; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

/// A valid spec, one statement per line (clauses of keys and data on their own lines),
/// statements in an order chosen by the input.
std::string generate_spec(ByteSource& in);

}  // namespace custody::fuzz
