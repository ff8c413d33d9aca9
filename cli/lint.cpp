#include "cli/lint.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/sarif.hpp"
#include "model/print.hpp"
#include "parser/parser.hpp"

namespace custody::cli {

bool want_color() {
  const char* no = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && (no == nullptr || *no == '\0');
}

void print_diagnostics(std::ostream& out, const SourceSet& sources, const Diagnostics& diags,
                       Format format) {
  Style style{format == Format::text && want_color()};
  for (const Diagnostic& d : diags.items()) {
    out << (format == Format::gcc      ? render_gcc(sources, d)
            : format == Format::github ? render_github(sources, d)
                                       : render_text(sources, d, style));
  }
}

int run_lint(const LintOptions& opts, std::ostream& out, std::ostream& err) {
  SourceSet sources;
  Diagnostics diags;
  std::optional<Model> model = load(opts.files, sources, diags, opts.imports);
  if (opts.werror) diags.promote_warnings();
  diags.sort();
  bool ok = !diags.has_errors();

  std::ostream& diag_out = opts.dump_model ? err : out;
  if (opts.format == Format::sarif) {
    diag_out << sarif_log(sources, diags, nullptr, nullptr);
  } else if (opts.format == Format::json) {
    nlohmann::json doc = {{"version", 1}};
    nlohmann::json files = nlohmann::json::array();
    for (FileId i = 0; i < sources.size(); ++i) files.push_back(sources.file(i).path());
    nlohmann::json ds = nlohmann::json::array();
    for (const Diagnostic& d : diags.items()) ds.push_back(to_json(sources, d));
    doc["files"] = files;
    doc["diagnostics"] = ds;
    doc["summary"] = {{"errors", diags.error_count()}, {"warnings", diags.warning_count()}};
    diag_out << json_text(doc, 2) << "\n";
  } else {
    print_diagnostics(diag_out, sources, diags, opts.format);
    if (opts.format == Format::text) {
      diag_out << fmt::format("{}: {}, {}\n", count_noun(sources.size(), "file"),
                              count_noun(diags.error_count(), "error"),
                              count_noun(diags.warning_count(), "warning"));
    }
  }
  if (opts.dump_model && ok && model) out << print_model(*model);
  return ok ? kOk : kInvalid;
}

}  // namespace custody::cli
