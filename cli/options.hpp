#pragma once
/// Options that several commands share: the solver's limits (--timeout, --max-memory),
/// checked and converted from their command-line spelling.

#include <cstddef>
#include <optional>
#include <string>

#include "solver/solver.hpp"

namespace custody::cli {

/// The limits of the commands that decide questions (check, who, matrix, diff, graph, lsp).
struct Limits {
  unsigned timeout_ms = 30000;
  /// 0: no limit. main sets the default from solver's default_max_memory().
  std::size_t max_memory_bytes = 0;

  SolverOptions solver() const {
    SolverOptions so;
    so.timeout_ms = timeout_ms;
    so.max_memory_bytes = max_memory_bytes;
    return so;
  }
};

/// A time limit in seconds ("30", "0.5", "1e3") as milliseconds: nullopt unless it is a
/// finite number greater than 0. At least 1 ms; values past what a solver timer can hold
/// (about 49 days) saturate to that rather than wrapping.
std::optional<unsigned> parse_timeout(const std::string& seconds);

/// A memory size: a number of MiB ("2048"), or with a binary suffix K, M, G or T (an
/// optional trailing "B" or "iB" is allowed: "4G", "512MiB"); "none" is no limit (0).
/// nullopt when malformed or below 1 MiB. Saturates at the largest size_t.
std::optional<std::size_t> parse_memory(const std::string& size);

}  // namespace custody::cli
