#pragma once
// Helpers shared by the unit tests: specs from memory, rendered diagnostics, and a
// fully parenthesised view of expressions.

#include <map>
#include <optional>
#include <string>

#include "model/diagnostic.hpp"
#include "model/model.hpp"
#include "model/source.hpp"

namespace custody::test {

/// Serves files from a map of path -> text.
class MemoryReader : public FileReader {
 public:
  explicit MemoryReader(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  std::optional<std::string> read(const std::string& path) override;

 private:
  std::map<std::string, std::string> files_;
};

/// Reads files below a folder, so that diagnostics show paths relative to it.
class FolderReader : public FileReader {
 public:
  explicit FolderReader(std::string folder) : folder_(std::move(folder)) {}
  std::optional<std::string> read(const std::string& path) override;

 private:
  std::string folder_;
};

/// The result of loading specs from memory: the model (if valid) and the diagnostics
/// rendered one per line in gcc format (notes included), sorted.
struct Loaded {
  SourceSet sources;
  Diagnostics diags;
  std::optional<Model> model;
  std::string gcc() const;
};

/// Loads `text` as file "spec.custody" (plus any other files for imports).
Loaded load_text(const std::string& text, std::map<std::string, std::string> others = {});

/// Expression `e` with every operation in parentheses: "((a or (b and not c)) implies d)".
std::string structure(const Model& m, ExprId e);

/// The source folder (for golden files).
std::string source_dir();

/// Reads a whole file; empty when it does not exist.
std::string slurp(const std::string& path);

/// Whether golden files should be rewritten (CUSTODY_UPDATE_GOLDEN=1).
bool update_golden();

}  // namespace custody::test
