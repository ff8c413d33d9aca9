#include "spec_gen.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace custody::fuzz {

unsigned ByteSource::below(unsigned n) {
  if (n <= 1) return 0;
  unsigned v = pos_ < size_ ? data_[pos_++] : 0;
  if (n > 256 && pos_ < size_) v = v << 8 | data_[pos_++];
  return v % n;
}

namespace {

using Names = std::vector<std::string>;

Names numbered(const char* prefix, unsigned n) {
  Names out;
  for (unsigned i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

std::string joined(const Names& xs, const char* sep = ", ") {
  std::string s;
  for (std::size_t i = 0; i < xs.size(); ++i) s += (i ? sep : "") + xs[i];
  return s;
}

class Generator {
 public:
  explicit Generator(ByteSource& in) : in_(in) {}

  std::string run() {
    declare_names();
    parties();
    for (const std::string& k : keys_) key(k);
    for (const std::string& d : data_) datum(d);
    flows();
    laws();
    threats();
    assumes();
    assertions();
    return shuffled();
  }

 private:
  void declare_names() {
    juris_ = numbered("j", in_.between(1, 3));
    actors_ = numbered("a", in_.between(2, 5));
    sites_ = numbered("s", in_.between(0, 3));
    conds_ = numbered("c", in_.between(0, 3));
    keys_ = numbered("k", in_.between(1, 4));
    data_ = numbered("d", in_.between(1, 3));
    // Version 2: a timeline, roles, and the built-in `public` as an occasional holder.
    phases_ = numbered("p", in_.below(4));
    roles_ = numbered("r", in_.below(3));
  }

  // A TIME now and then (only when the spec has phases): `during`, `from`, `until` or a
  // `from .. until ..` range in order.
  std::string time(unsigned percent = 25) {
    if (phases_.empty() || !in_.chance(percent)) return "";
    unsigned a = in_.below(phases_.size()), b = in_.below(phases_.size());
    if (a > b) std::swap(a, b);
    switch (in_.below(4)) {
      case 0: return " during " + phases_[a];
      case 1: return " from " + phases_[a];
      case 2: return " until " + phases_[b];
      default: return " from " + phases_[a] + " until " + phases_[b];
    }
  }

  // Holders of an item: actors, and `public` now and then.
  Names holders() {
    Names hs = some(actors_, 1, 2);
    if (in_.chance(8)) hs.push_back("public");
    return hs;
  }

  // An item list for a flow or a `compels ... for`: keys, data and `use K`.
  std::string item_list(bool uses) {
    Names items = keys_;
    items.insert(items.end(), data_.begin(), data_.end());
    if (uses) {
      for (const std::string& k : keys_) items.push_back("use " + k);
    }
    return joined(some(items, 1, 2));
  }

  // Distinct elements of xs, between lo and hi of them (none when xs has fewer than lo).
  Names some(const Names& xs, unsigned lo, unsigned hi) {
    hi = std::min<unsigned>(hi, xs.size());
    if (xs.empty() || hi < lo) return {};
    Names pool = xs, out;
    unsigned n = in_.between(lo, hi);
    for (unsigned i = 0; i < n; ++i) {
      unsigned j = in_.below(pool.size());
      out.push_back(pool[j]);
      pool.erase(pool.begin() + j);
    }
    return out;
  }
  const std::string& one(const Names& xs) { return xs[in_.below(xs.size())]; }

  // An expression over the conditions, with the fewest parentheses the precedence allows
  // plus a redundant pair now and then. Levels: implies 1, or 2, and 3, not 4, atom 5.
  std::string expr(int min_level = 0, int depth = 0) {
    unsigned r = in_.below(100);
    std::string s;
    int level = 5;
    if (depth >= 2 || r < 35) {
      s = one(conds_);
    } else if (r < 45) {
      s = "not " + expr(4, depth + 1);
      level = 4;
    } else if (r < 79) {
      level = r < 62 ? 3 : 2;
      const char* op = level == 3 ? " and " : " or ";
      unsigned n = in_.between(2, 3);
      for (unsigned i = 0; i < n; ++i) s += (i ? op : "") + expr(level + 1, depth + 1);
    } else if (r < 88) {
      s = expr(2, depth + 1) + " implies " + expr(1, depth + 1);
      level = 1;
    } else {
      Names cs = some(conds_, 1, conds_.size());
      static const char* const kWords[] = {"at most", "at least", "exactly"};
      s = std::string(kWords[in_.below(3)]) + " " + std::to_string(in_.below(cs.size() + 1)) + " of " + joined(cs);
      level = 0;  // a count list swallows what follows: parenthesise inside anything else
      if (min_level > 1 || in_.chance(30)) return "(" + s + ")";
      return s;
    }
    if (level < min_level || in_.chance(10)) return "(" + s + ")";
    return s;
  }

  std::string when(unsigned percent = 30) {
    if (conds_.empty() || !in_.chance(percent)) return "";
    return " when " + expr();
  }

  void parties() {
    for (const std::string& j : juris_) out_.push_back("jurisdiction " + j + " \"Jurisdiction " + j + "\"");
    for (const std::string& p : phases_) out_.push_back("phase " + p);
    for (const std::string& r : roles_) out_.push_back("role " + r);
    for (const std::string& a : actors_) {
      Names js = some(juris_, 0, 2);
      Names rs = some(roles_, 0, 2);
      out_.push_back("actor " + a + (js.empty() ? "" : " in " + joined(js)) + (rs.empty() ? "" : " as " + joined(rs)) +
                     (!phases_.empty() && in_.chance(20) ? " forgets" : ""));
    }
    for (const std::string& c : conds_) out_.push_back("condition " + c + " \"condition \\\"" + c + "\\\"\"");
    for (const std::string& s : sites_) {
      std::string line = "site " + s + " in " + one(juris_);
      Names ops = some(actors_, 0, 2);
      if (!ops.empty()) line += " operated by " + joined(ops);
      out_.push_back(line + time(15) + when(25));
    }
  }

  void key(const std::string& k) {
    std::vector<std::string> own, wraps;
    unsigned n = in_.below(4);
    for (unsigned i = 0; i < n; ++i) {
      unsigned r = in_.below(100);
      if (r < 25) {
        own.push_back("held by " + joined(holders()) + time() + when());
      } else if (r < 40 && !sites_.empty()) {
        own.push_back("stored at " + joined(some(sites_, 1, 2)) + time() + when());
      } else if (r < 70) {
        std::string c = "wrapped by " + one(keys_);  // itself, now and then
        unsigned parts = in_.between(1, 2);
        for (unsigned p = 0; p < parts; ++p) {
          if (!sites_.empty() && in_.chance(40)) c += " stored at " + joined(some(sites_, 1, 2));
          else c += " held by " + joined(some(actors_, 1, 2));
        }
        wraps.push_back(c + time() + when());
      } else if (r < 78 && !sites_.empty()) {
        own.push_back("hsm at " + one(sites_) + " used by " + joined(some(actors_, 1, 2)) + time() + when());
      } else if (r < 85 && !sites_.empty()) {
        own.push_back("hsm at " + one(sites_) + " used by holders of " + joined(some(keys_, 1, 2), " and ") +
                      time() + when());
      } else {
        Names shares = some(keys_, 1, 3);
        own.push_back("split " + std::to_string(in_.between(1, shares.size())) + " of " + joined(shares));
      }
    }
    // `wrapped by W held by ...` takes every following `held by`/`stored at` as part of the
    // blob, so the key's own custody clauses come first.
    own.insert(own.end(), wraps.begin(), wraps.end());
    std::string line = "key " + k + " \"key " + k + "\"";
    for (const std::string& c : own) line += "\n  " + c;
    out_.push_back(line);
  }

  void datum(const std::string& d) {
    std::string line = "data " + d;
    Names ks = some(keys_, 0, 2);
    if (ks.size() == 2 && in_.chance(50)) {
      line += "\n  encrypted by " + ks[0] + "\n  encrypted by " + ks[1];
    } else if (!ks.empty()) {
      line += "\n  encrypted by " + joined(ks, " and ");
    }
    unsigned n = in_.between(1, 2);
    for (unsigned i = 0; i < n; ++i) {
      if (!sites_.empty() && in_.chance(50)) line += "\n  stored at " + joined(some(sites_, 1, 2)) + time() + when();
      else line += "\n  held by " + joined(holders()) + time() + when();
    }
    out_.push_back(line);
  }

  void flows() {
    unsigned n = in_.below(4);
    for (unsigned i = 0; i < n; ++i) {
      std::string line = "flow " + joined(holders()) + " -> " + joined(holders());
      if (in_.chance(50)) line += " : " + item_list(true);
      out_.push_back(line + time() + when());
    }
  }

  void laws() {
    unsigned n = in_.below(4);
    for (unsigned i = 0; i < n; ++i) {
      std::string head = "law l" + std::to_string(i) + (in_.chance(50) ? " \"law\"" : "") + ": " + one(actors_);
      unsigned r = in_.below(100);
      bool compels = r < 65;
      if (r < 25) head += " compels actors in " + joined(some(juris_, 1, 2));
      else if (r < 35 && !roles_.empty()) head += " compels " + one(roles_) + " in " + joined(some(juris_, 1, 2));
      else if (r < 65) head += " compels " + joined(some(actors_, 1, 2));
      else if (r < 85 || sites_.empty()) head += " seizes sites in " + joined(some(juris_, 1, 2));
      else head += " seizes " + joined(some(sites_, 1, 2));
      if (in_.chance(25)) head += " for " + item_list(compels);
      out_.push_back(head + time() + when());
    }
  }

  void threats() {
    unsigned n = in_.below(3);
    for (unsigned i = 0; i < n; ++i) {
      std::string attacker = one(actors_);
      Names targets = some(actors_, 1, 3);
      Names at_sites = some(sites_, 0, 2);  // rule 13: sites too
      targets.insert(targets.end(), at_sites.begin(), at_sites.end());
      std::string name = "t" + std::to_string(i);
      for (const std::string& x : targets) threat_atoms_.push_back(name + "[" + x + "]");
      out_.push_back("threat " + name + " \"threat\": " + attacker + " compromises at most " +
                     std::to_string(in_.below(targets.size() + 1)) + " of " + joined(targets) + time());
    }
  }

  void assumes() {
    if (!threat_atoms_.empty() && in_.chance(20)) {
      out_.push_back(std::string("assume ") + (in_.chance(50) ? "not " : "") + one(threat_atoms_));
    }
    if (conds_.empty()) return;
    unsigned n = in_.below(3);
    for (unsigned i = 0; i < n; ++i) out_.push_back("assume " + expr());
  }

  void assertions() {
    unsigned n = in_.between(1, 3);
    static const char* const kVerbs[] = {"read", "read", "obtain", "use"};
    for (unsigned i = 0; i < n; ++i) {
      std::string verb = kVerbs[in_.below(4)];
      std::string target = joined(some(verb == "read" ? data_ : keys_, 1, 2));
      std::string head = "assert q" + std::to_string(i) + ": ";
      unsigned r = in_.below(100);
      if (r < 45) {
        head += joined(some(actors_, 1, 2)) + (in_.chance(30) ? " can " : " cannot ");
      } else if (r < 60) {
        head += "nobody in " + joined(some(juris_, 1, 2)) + " can ";
      } else if (r < 75) {
        head += "nobody can ";
      } else {
        head += "only " + joined(some(actors_, 1, 2)) + " can ";
      }
      std::string tail;
      if (!phases_.empty() && in_.chance(25)) tail += " in " + one(phases_);
      tail += when(15);
      out_.push_back(head + verb + " " + target + tail);
    }
  }

  // Statements may come in any order.
  std::string shuffled() {
    for (std::size_t i = out_.size(); i > 1; --i) std::swap(out_[i - 1], out_[in_.below(i)]);
    // ... except that `phase` statements keep their order: it is the timeline.
    std::size_t next = 0;
    for (std::string& line : out_) {
      if (line.rfind("phase ", 0) == 0) line = "phase " + phases_[next++];
    }
    std::string spec = "# generated by fuzz_checker\n";
    for (const std::string& s : out_) spec += s + "\n";
    return spec;
  }

  ByteSource& in_;
  Names juris_, actors_, sites_, conds_, keys_, data_, phases_, roles_, threat_atoms_;
  std::vector<std::string> out_;
};

}  // namespace

std::string generate_spec(ByteSource& in) { return Generator(in).run(); }

}  // namespace custody::fuzz
