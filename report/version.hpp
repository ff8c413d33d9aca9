#pragma once
/// The version of custody, as every front end reports it (--version, SARIF, LSP serverInfo).

namespace custody::report {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace custody::report
