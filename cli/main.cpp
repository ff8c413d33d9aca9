// The `custody` program: parses the command line and hands over to a subcommand.
// Every failure of usage is exit code 2, with CLI11's message.

#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/analyst.hpp"
#include "cli/check.hpp"
#include "cli/fmt.hpp"
#include "cli/graph.hpp"
#include "cli/lint.hpp"
#include "lsp/server.hpp"

namespace {

using custody::cli::Format;

const std::map<std::string, Format> kDiagFormats{
    {"text", Format::text}, {"gcc", Format::gcc}, {"json", Format::json}};
// lint and check also speak GitHub Actions' workflow commands.
const std::map<std::string, Format> kCiFormats{
    {"text", Format::text}, {"gcc", Format::gcc},       {"json", Format::json},
    {"github", Format::github}, {"sarif", Format::sarif}};

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
  app.set_version_flag("--version", std::string(custody::cli::kVersion));

  custody::cli::LintOptions lint;
  auto* lint_cmd = app.add_subcommand("lint", "check syntax and meaning only (no solving)");
  lint_cmd->add_option("files", lint.files, "spec files")->required();
  lint_cmd->add_option("--format", lint.format, "output format: text, gcc, json, github or sarif")
      ->transform(CLI::CheckedTransformer(kCiFormats));
  lint_cmd->add_flag("--werror", lint.werror, "treat warnings as errors");
  lint_cmd->add_flag("--dump-model", lint.dump_model,
                     "print the checked model in canonical form (diagnostics go to stderr)");

  custody::cli::CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "check every assertion and print access paths");
  check_cmd->add_option("files", check.files, "spec files")->required();
  check_cmd->add_option("--assert", check.assertions, "check only this assertion (repeatable)");
  check_cmd->add_option("--format", check.format, "output format: text, gcc, json, github or sarif")
      ->transform(CLI::CheckedTransformer(kCiFormats));
  check_cmd->add_option("--timeout", check.timeout_seconds,
                        "solver time limit per assertion, in seconds")
      ->check(CLI::PositiveNumber);
  check_cmd->add_flag("--fast-path", check.fast_path,
                      "give the path with the smallest derivation tree without proving it is "
                      "the shortest (for very large specs)");
  check_cmd->add_option("--engine", check.z3_only, "")
      ->transform(CLI::CheckedTransformer(std::map<std::string, bool>{{"auto", false}, {"z3", true}}))
      ->description("auto (default): enumerate scenarios when few conditions matter, else Z3; "
                    "z3: always search scenarios with Z3");

  custody::cli::WhoOptions who;
  auto* who_cmd = app.add_subcommand("who", "every actor that can reach an item, with minimal scenario and path");
  who_cmd->add_option("file", who.file, "spec file")->required();
  who_cmd->add_option("verb", who.verb, "read (data), obtain or use (a key)")
      ->required()
      ->check(CLI::IsMember({"read", "obtain", "use"}));
  who_cmd->add_option("target", who.target, "the data or key")->required();
  who_cmd->add_option("--format", who.format, "output format: text or json")
      ->transform(CLI::CheckedTransformer(kDiagFormats));
  who_cmd->add_option("--timeout", who.timeout_seconds, "solver time limit per actor, in seconds")
      ->check(CLI::PositiveNumber);

  custody::cli::MatrixOptions matrix;
  auto* matrix_cmd = app.add_subcommand("matrix", "actors x data (and keys): never, always, or when");
  matrix_cmd->add_option("file", matrix.file, "spec file")->required();
  matrix_cmd->add_flag("--keys", matrix.keys, "also a column per key (obtain)");
  matrix_cmd->add_option("--format", matrix.format, "output format: text, json or csv")
      ->transform(CLI::CheckedTransformer(std::map<std::string, custody::cli::TableFormat>{
          {"text", custody::cli::TableFormat::text},
          {"json", custody::cli::TableFormat::json},
          {"csv", custody::cli::TableFormat::csv}}));
  matrix_cmd->add_option("--timeout", matrix.timeout_seconds, "solver time limit per cell, in seconds")
      ->check(CLI::PositiveNumber);

  custody::cli::DiffOptions diff;
  auto* diff_cmd = app.add_subcommand("diff", "exposures that appear, widen, narrow or disappear between two versions");
  diff_cmd->add_option("old", diff.old_file, "the earlier spec")->required();
  diff_cmd->add_option("new", diff.new_file, "the later spec")->required();
  diff_cmd->add_flag("--keys", diff.keys, "also compare who can obtain each key");
  diff_cmd->add_option("--format", diff.format, "output format: text or json")
      ->transform(CLI::CheckedTransformer(kDiagFormats));
  diff_cmd->add_option("--timeout", diff.timeout_seconds, "solver time limit per question, in seconds")
      ->check(CLI::PositiveNumber);

  custody::cli::GraphOptions graph;
  auto* graph_cmd = app.add_subcommand("graph", "the custody graph, or one access path, as Graphviz DOT or SVG");
  graph_cmd->add_option("file", graph.file, "spec file")->required();
  graph_cmd->add_option("--assert", graph.assertion, "draw the access path of this violated assertion");
  graph_cmd->add_option("--format", graph.svg, "dot (default) or svg (needs Graphviz's dot)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, bool>{{"dot", false}, {"svg", true}}));
  graph_cmd->add_option("--timeout", graph.timeout_seconds, "solver time limit, in seconds")
      ->check(CLI::PositiveNumber);

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
  double lsp_timeout = 30;
  bool lsp_stdio = true;
  auto* lsp_cmd = app.add_subcommand("lsp", "language server over standard input and output (LSP 3.17)");
  lsp_cmd->add_flag("--stdio", lsp_stdio, "use standard input and output (the default and only transport)");
  lsp_cmd->add_option("--timeout", lsp_timeout, "solver time limit per question, in seconds")
      ->check(CLI::PositiveNumber);

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
    lsp.timeout_ms = static_cast<unsigned>(lsp_timeout * 1000);
    std::ios::sync_with_stdio(false);
    return custody::lsp::run_server(std::cin, std::cout, lsp);
  }
  if (*fmt_cmd) return custody::cli::run_fmt(fmt, std::cin, std::cout, std::cerr);
  return custody::cli::kInvalid;
}
