// fuzz_fmt: bytes -> one spec file -> `format_source` (parser/format.hpp).
//
// When the input formats (it has no syntax errors), checks that:
// - the formatted text lints the same as the input: it loads exactly when the input does,
//   with the same diagnostics (count, and the code and severity of each), and, when
//   it loads, the same canonical print of the model (what `lint --dump-model` shows);
// - formatting the formatted text returns it unchanged (a fixed point).
// Imports cannot be read (the file is served alone from memory); both sides see that alike.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/print.hpp"
#include "parser/format.hpp"
#include "parser/parser.hpp"
#include "support.hpp"

namespace {

using namespace custody;

constexpr const char* kPath = "/fuzz/spec.custody";

struct Lint {
  std::optional<std::string> dump;  ///< the canonical print, when the file loads
  std::string diagnostics;          ///< "severity code" of each diagnostic, sorted
  std::size_t count = 0;
};

Lint lint(const std::string& text) {
  fuzz::MemoryReader reader({{kPath, text}});
  SourceSet sources;
  Diagnostics diags;
  std::optional<Model> model = load({kPath}, reader, sources, diags);
  Lint out;
  if (model) out.dump = print_model(*model);
  // Compared as a multiset: the order by offset could in principle change with layout.
  std::vector<std::string> lines;
  for (const Diagnostic& d : diags.items()) lines.push_back(std::string(to_string(d.severity)) + " " + d.code + "\n");
  std::sort(lines.begin(), lines.end());
  for (const std::string& l : lines) out.diagnostics += l;
  out.count = lines.size();
  return out;
}

std::optional<std::string> format(const std::string& text, Diagnostics& diags) {
  SourceFile file(kPath, text);
  return format_source(file, 0, diags);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  std::optional<std::string> formatted = format(input, diags);
  SourceSet one;
  one.add(kPath, input);
  fuzz::require_spans_in_files(one, diags);
  if (!formatted) return 0;

  Lint before = lint(input), after = lint(*formatted);
  if (before.count != after.count || before.diagnostics != after.diagnostics) {
    fuzz::fail("formatting changed the diagnostics:\nbefore:\n" + before.diagnostics + "after:\n" +
               after.diagnostics + "formatted:\n" + *formatted);
  }
  if (before.dump != after.dump) {
    fuzz::fail("formatting changed the model:\nbefore:\n" + before.dump.value_or("(no model)") + "\nafter:\n" +
               after.dump.value_or("(no model)") + "\nformatted:\n" + *formatted);
  }

  Diagnostics again_diags;
  std::optional<std::string> again = format(*formatted, again_diags);
  if (!again) fuzz::fail("the formatted text does not format again:\n" + *formatted);
  if (*again != *formatted) fuzz::fail("formatting is not a fixed point:\nfirst:\n" + *formatted + "\nsecond:\n" + *again);
  return 0;
}
