// fuzz_loader: bytes -> a root file and up to four imported files, loaded through the
// parser's FileReader seam.
//
// The input is split at each pair of NUL bytes; the parts are served from memory as
// /fuzz/root.custody (the root), /fuzz/a.custody, /fuzz/b.custody, /fuzz/sub/c.custody and
// /fuzz/sub/d.custody. Checks, beyond "never crashes, hangs or leaks":
// - `load` returns a model exactly when `analyze` says ok, with the same diagnostics;
// - every diagnostic, note, name and import span lies within its file;
// - every diagnostic renders (text and gcc);
// - a loaded model's canonical print loads again, without errors, and prints the same.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "report/render.hpp"
#include "model/print.hpp"
#include "parser/parser.hpp"
#include "support.hpp"

namespace {

using namespace custody;

constexpr const char* kPaths[] = {"/fuzz/root.custody", "/fuzz/a.custody", "/fuzz/b.custody",
                                  "/fuzz/sub/c.custody", "/fuzz/sub/d.custody"};

std::map<std::string, std::string> split_files(std::string_view bytes) {
  std::map<std::string, std::string> files;
  std::size_t n = 0;
  while (n < std::size(kPaths)) {
    std::size_t cut = n + 1 < std::size(kPaths) ? bytes.find(std::string_view("\0\0", 2)) : bytes.npos;
    files[kPaths[n++]] = std::string(bytes.substr(0, cut));
    if (cut == bytes.npos) break;
    bytes.remove_prefix(cut + 2);
  }
  return files;
}

void require_print_round_trip(const Model& model) {
  std::string printed = print_model(model);
  fuzz::MemoryReader reader({{"/fuzz/printed.custody", printed}});
  SourceSet sources;
  Diagnostics diags;
  std::optional<Model> again = load({"/fuzz/printed.custody"}, reader, sources, diags);
  if (!again) fuzz::fail("the canonical print of a loaded model does not load:\n" + printed);
  if (print_model(*again) != printed) fuzz::fail("printing the reloaded model differs:\n" + printed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto files = split_files(std::string_view(reinterpret_cast<const char*>(data), size));

  fuzz::MemoryReader reader(files);
  SourceSet sources;
  Diagnostics diags;
  Analysis analysis = analyze({kPaths[0]}, reader, sources, diags);

  fuzz::require_spans_in_files(sources, diags);
  for (const NameUse& n : analysis.names) {
    if (!fuzz::span_ok(sources, n.span)) fuzz::fail("name use outside its file");
  }
  for (const ImportEdge& e : analysis.imports) {
    if (!fuzz::span_ok(sources, e.span) || e.target >= sources.size()) fuzz::fail("import edge out of range");
  }
  for (const Diagnostic& d : diags.items()) {
    (void)report::render_text(sources, d, report::Style{});
    (void)report::render_gcc(sources, d);
  }

  fuzz::MemoryReader reader2(files);
  SourceSet sources2;
  Diagnostics diags2;
  std::optional<Model> model = load({kPaths[0]}, reader2, sources2, diags2);
  if (model.has_value() != analysis.ok) fuzz::fail("load and analyze disagree on success");
  if (diags2.items() != diags.items()) fuzz::fail("load and analyze report different diagnostics");
  if (model) require_print_round_trip(*model);
  return 0;
}
