// The `custody` program: parses the command line and hands over to a subcommand.
// Every failure of usage is exit code 2, with CLI11's message.

#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "cli/analyst.hpp"
#include "cli/check.hpp"
#include "cli/fmt.hpp"
#include "cli/graph.hpp"
#include "cli/lint.hpp"
#include "cli/options.hpp"
#include "report/version.hpp"
#include "lsp/server.hpp"

namespace {

using custody::cli::Format;

const std::map<std::string, Format> kDiagFormats{
    {"text", Format::text}, {"gcc", Format::gcc}, {"json", Format::json}};
// lint and check also speak GitHub Actions' workflow commands.
const std::map<std::string, Format> kCiFormats{
    {"text", Format::text}, {"gcc", Format::gcc},       {"json", Format::json},
    {"github", Format::github}, {"sarif", Format::sarif}};

// -I and --allow-import, for every command that loads specs.
void add_import_options(CLI::App* cmd, custody::LoadOptions& imports) {
  cmd->add_option("-I,--include", imports.search,
                  "also look for imports in DIR, after the importing file's folder; imports "
                  "may come from DIR's tree (repeatable)")
      ->type_name("DIR");
  cmd->add_option("--allow-import", imports.allowed,
                  "let imports come from DIR's tree too (by default only from the tree of "
                  "the spec's own folder and -I folders; repeatable)")
      ->type_name("DIR");
}

// --timeout and --max-memory, for every command that decides questions.
void add_limit_options(CLI::App* cmd, custody::cli::Limits& limits, const std::string& per) {
  using custody::cli::parse_memory;
  using custody::cli::parse_timeout;
  const CLI::Validator seconds(
      [](std::string& s) -> std::string {
        return parse_timeout(s) ? "" : "expected a number of seconds greater than 0, got '" + s + "'";
      },
      "");
  const CLI::Validator size(
      [](std::string& s) -> std::string {
        return parse_memory(s) ? ""
                               : "expected a size of at least 1 MiB such as 2048 (MiB), 512M or "
                                 "4G, or none; got '" + s + "'";
      },
      "");
  cmd->add_option_function<std::string>(
         "--timeout", [&limits](const std::string& s) { limits.timeout_ms = *parse_timeout(s); },
         "solver time limit per " + per + ", in seconds (default 30; very large values mean no limit)")
      ->check(seconds)
      ->type_name("SECONDS");
  cmd->add_option_function<std::string>(
         "--max-memory", [&limits](const std::string& s) { limits.max_memory_bytes = *parse_memory(s); },
         fmt::format("memory limit of the process while it decides: MiB, or with K, M, G or T; "
                     "none for no limit (default {} MiB, half of this machine's); past it the "
                     "question is inconclusive",
                     limits.max_memory_bytes >> 20))
      ->check(size)
      ->type_name("SIZE");
}

/// custody is a short-lived process that builds many small objects. Page faults were
/// about 40% of lint's time on a VM, so: keep freed memory instead of returning it to the
/// kernel, serve blocks up to 32 MiB from the heap, and ask for transparent huge pages on
/// the first 240 MiB of heap (reserved, not touched: it costs nothing until used).
void tune_allocator() {
  constexpr std::size_t kMiB = 1024 * 1024;
  constexpr std::size_t kBlock = 30 * kMiB, kBlocks = 8, kHuge = 2 * kMiB;
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(32 * kMiB));  // glibc's largest
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(512 * kMiB));
  mallopt(M_TOP_PAD, static_cast<int>(64 * kMiB));
  void* blocks[kBlocks] = {};
  for (auto& p : blocks) {
    p = std::malloc(kBlock);
    if (!p) break;
    auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
    auto end = (reinterpret_cast<std::uintptr_t>(p) + kBlock) & ~(kHuge - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
  for (void* p : blocks) std::free(p);
}

}  // namespace

int main(int argc, char** argv) {
  tune_allocator();
  CLI::App app{"custody: who can read this data, and how? A model checker for key custody."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(custody::report::kVersion));

  custody::cli::Limits defaults;
  defaults.max_memory_bytes = custody::default_max_memory();

  custody::cli::LintOptions lint;
  auto* lint_cmd = app.add_subcommand("lint", "check syntax and meaning only (no solving)");
  lint_cmd->add_option("files", lint.files, "spec files")->required();
  lint_cmd->add_option("--format", lint.format, "output format: text, gcc, json, github or sarif")
      ->transform(CLI::CheckedTransformer(kCiFormats));
  lint_cmd->add_flag("--werror", lint.werror, "treat warnings as errors");
  lint_cmd->add_flag("--dump-model", lint.dump_model,
                     "print the checked model in canonical form (diagnostics go to stderr)");
  add_import_options(lint_cmd, lint.imports);

  custody::cli::CheckOptions check;
  check.limits = defaults;
  auto* check_cmd = app.add_subcommand("check", "check every assertion and print access paths");
  check_cmd->add_option("files", check.files, "spec files")->required();
  check_cmd->add_option("--assert", check.assertions, "check only this assertion (repeatable)");
  check_cmd->add_option("--format", check.format, "output format: text, gcc, json, github or sarif")
      ->transform(CLI::CheckedTransformer(kCiFormats));
  add_import_options(check_cmd, check.imports);
  add_limit_options(check_cmd, check.limits, "assertion");
  check_cmd->add_flag("--fast-path", check.fast_path,
                      "give the path with the smallest derivation tree without proving it is "
                      "the shortest (for very large specs)");
  check_cmd->add_option("--engine", check.z3_only, "")
      ->transform(CLI::CheckedTransformer(std::map<std::string, bool>{{"auto", false}, {"z3", true}}))
      ->description("auto (default): enumerate scenarios when few conditions matter, else Z3; "
                    "z3: always search scenarios with Z3");

  custody::cli::WhoOptions who;
  who.limits = defaults;
  auto* who_cmd = app.add_subcommand("who", "every actor that can reach an item, with minimal scenario and path");
  who_cmd->add_option("file", who.file, "spec file")->required();
  who_cmd->add_option("verb", who.verb, "read (data), obtain or use (a key)")
      ->required()
      ->check(CLI::IsMember({"read", "obtain", "use"}));
  who_cmd->add_option("target", who.target, "the data or key")->required();
  who_cmd->add_option("--in", who.phase, "at this phase only (a spec with phases)");
  who_cmd->add_option("--format", who.format, "output format: text or json")
      ->transform(CLI::CheckedTransformer(kDiagFormats));
  add_import_options(who_cmd, who.imports);
  add_limit_options(who_cmd, who.limits, "actor");

  custody::cli::MatrixOptions matrix;
  matrix.limits = defaults;
  auto* matrix_cmd = app.add_subcommand("matrix", "actors x data (and keys): never, always, or when");
  matrix_cmd->add_option("file", matrix.file, "spec file")->required();
  matrix_cmd->add_flag("--keys", matrix.keys, "also two columns per key (obtain, then use)");
  matrix_cmd->add_option("--in", matrix.phase, "at this phase only (a spec with phases)");
  matrix_cmd->add_option("--format", matrix.format, "output format: text, json or csv")
      ->transform(CLI::CheckedTransformer(std::map<std::string, custody::cli::TableFormat>{
          {"text", custody::cli::TableFormat::text},
          {"json", custody::cli::TableFormat::json},
          {"csv", custody::cli::TableFormat::csv}}));
  add_import_options(matrix_cmd, matrix.imports);
  add_limit_options(matrix_cmd, matrix.limits, "cell");

  custody::cli::DiffOptions diff;
  diff.limits = defaults;
  auto* diff_cmd = app.add_subcommand("diff", "exposures that appear, widen, narrow or disappear between two versions");
  diff_cmd->add_option("old", diff.old_file, "the earlier spec")->required();
  diff_cmd->add_option("new", diff.new_file, "the later spec")->required();
  diff_cmd->add_flag("--keys", diff.keys, "also compare who can obtain and use each key");
  diff_cmd->add_option("--in", diff.phase, "at the phase of this name in both versions");
  diff_cmd->add_option("--format", diff.format, "output format: text or json")
      ->transform(CLI::CheckedTransformer(kDiagFormats));
  add_import_options(diff_cmd, diff.imports);
  add_limit_options(diff_cmd, diff.limits, "question");

  custody::cli::GraphOptions graph;
  graph.limits = defaults;
  auto* graph_cmd = app.add_subcommand("graph", "the custody graph, or one access path, as Graphviz DOT or SVG");
  graph_cmd->add_option("file", graph.file, "spec file")->required();
  graph_cmd->add_option("--assert", graph.assertion, "draw the access path of this violated assertion");
  graph_cmd->add_option("--format", graph.svg, "dot (default) or svg (needs Graphviz's dot)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, bool>{{"dot", false}, {"svg", true}}));
  add_import_options(graph_cmd, graph.imports);
  add_limit_options(graph_cmd, graph.limits, "question");

  custody::cli::FmtOptions fmt;
  auto* fmt_cmd = app.add_subcommand("fmt", "rewrite spec files in the canonical layout");
  fmt_cmd->add_option("files", fmt.files, "spec files; - for standard input to standard output")
      ->required();
  fmt_cmd->add_flag("--check", fmt.check,
                    "write nothing; list the files that are not in canonical layout (exit 1)");
  fmt_cmd->add_option("--format", fmt.format, "format of syntax errors: text or gcc")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{
          {"text", Format::text}, {"gcc", Format::gcc}}));

  custody::lsp::ServerOptions lsp;
  custody::cli::Limits lsp_limits = defaults;
  bool lsp_stdio = true;
  auto* lsp_cmd = app.add_subcommand("lsp", "language server over standard input and output (LSP 3.17)");
  lsp_cmd->add_flag("--stdio", lsp_stdio, "use standard input and output (the default and only transport)");
  add_limit_options(lsp_cmd, lsp_limits, "question");
  add_import_options(lsp_cmd, lsp.imports);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return custody::cli::kInvalid;
  }

  if (*lint_cmd) return custody::cli::run_lint(lint, std::cout, std::cerr);
  if (*check_cmd) return custody::cli::run_check(check, std::cout, std::cerr);
  if (*who_cmd) return custody::cli::run_who(who, std::cout, std::cerr);
  if (*matrix_cmd) return custody::cli::run_matrix(matrix, std::cout, std::cerr);
  if (*diff_cmd) return custody::cli::run_diff(diff, std::cout, std::cerr);
  if (*graph_cmd) return custody::cli::run_graph(graph, std::cout, std::cerr);
  if (*lsp_cmd) {
    lsp.timeout_ms = lsp_limits.timeout_ms;
    lsp.max_memory_bytes = lsp_limits.max_memory_bytes;
    std::ios::sync_with_stdio(false);
    return custody::lsp::run_server(std::cin, std::cout, lsp);
  }
  if (*fmt_cmd) return custody::cli::run_fmt(fmt, std::cin, std::cout, std::cerr);
  return custody::cli::kInvalid;
}
