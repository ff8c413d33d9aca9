#include "support.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "report/render.hpp"
#include "parser/parser.hpp"

namespace custody::test {

std::optional<std::string> MemoryReader::read(const std::string& path) {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> FolderReader::read(const std::string& path) {
  DiskReader disk;
  return disk.read(folder_ + "/" + path);
}

std::string Loaded::gcc() const {
  std::string out;
  for (const Diagnostic& d : diags.items()) out += report::render_gcc(sources, d);
  return out;
}

Loaded load_text(const std::string& text, std::map<std::string, std::string> others) {
  others["spec.custody"] = text;
  MemoryReader reader(std::move(others));
  Loaded out;
  out.model = load({"spec.custody"}, reader, out.sources, out.diags);
  out.diags.sort();
  return out;
}

std::string structure(const Model& m, ExprId id) {
  const Expr& e = m.exprs[id];
  auto join = [&](const char* op) {
    std::string s = "(";
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      if (i) s += op;
      s += structure(m, e.args[i]);
    }
    return s + ")";
  };
  auto names = [&] {
    std::string s;
    for (std::size_t i = 0; i < e.args.size(); ++i) s += (i ? "," : "") + m.conditions[e.args[i]].name;
    return s;
  };
  switch (e.op) {
    case Expr::Op::var: return m.conditions[e.args[0]].name;
    case Expr::Op::not_: return "not " + structure(m, e.args[0]);
    case Expr::Op::and_: return join(" and ");
    case Expr::Op::or_: return join(" or ");
    case Expr::Op::implies: return join(" implies ");
    case Expr::Op::at_most: return fmt::format("[most {} of {}]", e.k, names());
    case Expr::Op::at_least: return fmt::format("[least {} of {}]", e.k, names());
    case Expr::Op::exactly: return fmt::format("[exactly {} of {}]", e.k, names());
  }
  return "?";
}

std::string source_dir() { return CUSTODY_SOURCE_DIR; }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool update_golden() {
  const char* v = std::getenv("CUSTODY_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

}  // namespace custody::test
