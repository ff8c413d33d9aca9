#pragma once
/// The analyst's commands: `custody who` (every actor that can reach one item, each with
/// its minimal scenario and path) and `custody matrix` (actors x items: never, always, or
/// under which minimal conditions).

#include <iosfwd>
#include <string>

#include "cli/lint.hpp"

namespace custody::cli {

struct WhoOptions {
  std::string file;
  std::string verb;    ///< read, obtain or use
  std::string target;  ///< data for read, a key for obtain and use
  std::string phase;   ///< `--in P`: at that phase only (empty: in any phase)
  Format format = Format::text;
  LoadOptions imports;
  Limits limits;
};

/// `custody who`. Exit 0, 2 on invalid input, 3 when some actor is inconclusive.
int run_who(const WhoOptions& opts, std::ostream& out, std::ostream& err);

enum class TableFormat { text, json, csv };

struct MatrixOptions {
  std::string file;
  bool keys = false;  ///< also a column per key for obtain, then one per key for use
  std::string phase;  ///< `--in P`: at that phase only (empty: in any phase)
  TableFormat format = TableFormat::text;
  LoadOptions imports;
  Limits limits;
};

/// `custody matrix`. Exit 0, 2 on invalid input, 3 when some cell is inconclusive.
int run_matrix(const MatrixOptions& opts, std::ostream& out, std::ostream& err);

struct DiffOptions {
  std::string old_file, new_file;
  bool keys = false;  ///< also compare `obtain` and `use` of every key
  std::string phase;  ///< `--in P`: at the phase named P in both versions (empty: any phase)
  Format format = Format::text;
  LoadOptions imports;
  Limits limits;
};

/// `custody diff`: exposures (who can read each datum, or obtain each key with `keys`)
/// that appear, widen (need fewer or other conditions), narrow or disappear from OLD to
/// NEW, matching actors and items by name. Exit 1 when an exposure appears or widens, 2
/// on invalid input, 3 when something is inconclusive, 0 otherwise.
int run_diff(const DiffOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace custody::cli
