#include "client/zkcli_parse.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "data/quota.hpp"
#include "data/stat.hpp"

namespace zs::client {
namespace {

// --- Tokens (MyCommandOptions.ARGS_PATTERN / QUOTED_PATTERN) -------------------------------

bool is_java_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\x0b' || c == '\f' || c == '\r';
}
bool is_quote(char c) { return c == '"' || c == '\''; }

std::size_t end_of_word(std::string_view s, std::size_t from) {
  while (from < s.size() && !is_java_space(s[from])) ++from;
  return from;
}

// QUOTED_PATTERN's "." does not match Java's line terminators.
bool has_line_terminator(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos ||
         s.find("\xc2\x85") != std::string_view::npos ||
         s.find("\xe2\x80\xa8") != std::string_view::npos ||
         s.find("\xe2\x80\xa9") != std::string_view::npos;
}

}  // namespace

// Matcher.find over \s*([^"']\S*|"[^"]*"|'[^']*')\s*, spelled out: a word, or a quoted run up
// to the same quote; an unmatched quote fails there, except that the leading \s* may give back
// one blank, which then starts a word (so "   " is one token " ").
std::vector<std::string> tokenize(std::string_view s) {
  std::vector<std::string> tokens;
  std::size_t p = 0;
  while (p < s.size()) {
    std::size_t q = p;
    while (q < s.size() && is_java_space(s[q])) ++q;
    std::size_t begin = 0;
    std::size_t end = 0;
    bool found = false;
    if (q < s.size() && !is_quote(s[q])) {
      begin = q;
      end = end_of_word(s, q);
      found = true;
    } else if (q < s.size()) {
      const std::size_t close = s.find(s[q], q + 1);
      if (close != std::string_view::npos) {
        begin = q;
        end = close + 1;
        found = true;
      }
    }
    if (!found && q > p) {
      begin = q - 1;
      end = end_of_word(s, q);
      found = true;
    }
    if (!found) {
      ++p;
      continue;
    }
    std::string_view token = s.substr(begin, end - begin);
    if (token.size() >= 2 && is_quote(token[0]) && token.back() == token[0] &&
        !has_line_terminator(token)) {
      token = token.substr(1, token.size() - 2);
    }
    tokens.emplace_back(token);
    p = end;
    while (p < s.size() && is_java_space(s[p])) ++p;
  }
  return tokens;
}

namespace {

// --- Java number parsing (Integer.parseInt, Long.parseLong, Integer.decode) ----------------

// The value, or nullopt. ASCII digits only (Java also takes other Unicode digits).
std::optional<std::int64_t> java_parse(std::string_view s, int radix, std::int64_t min,
                                       std::int64_t max) {
  if (s.empty()) return std::nullopt;
  std::size_t i = 0;
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    if (s.size() == 1) return std::nullopt;
    i = 1;
  }
  // Magnitude limit: |min| for negatives, max otherwise; both fit in uint64.
  const std::uint64_t limit = negative ? static_cast<std::uint64_t>(-(min + 1)) + 1
                                       : static_cast<std::uint64_t>(max);
  std::uint64_t value = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'a' && c <= 'z') digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z') digit = c - 'A' + 10;
    if (digit < 0 || digit >= radix) return std::nullopt;
    const auto r = static_cast<std::uint64_t>(radix);
    if (value > (limit - static_cast<std::uint64_t>(digit)) / r) return std::nullopt;
    value = value * r + static_cast<std::uint64_t>(digit);
  }
  if (negative) return value == 0 ? 0 : -static_cast<std::int64_t>(value - 1) - 1;
  return static_cast<std::int64_t>(value);
}

std::optional<std::int32_t> parse_java_int(std::string_view s) {
  auto v = java_parse(s, 10, std::numeric_limits<std::int32_t>::min(),
                      std::numeric_limits<std::int32_t>::max());
  if (!v) return std::nullopt;
  return static_cast<std::int32_t>(*v);
}

std::optional<std::int64_t> parse_java_long(std::string_view s) {
  return java_parse(s, 10, std::numeric_limits<std::int64_t>::min(),
                    std::numeric_limits<std::int64_t>::max());
}

// NumberFormatException.forInputString.
std::string for_input_string(std::string_view s, int radix = 10) {
  std::string m = "For input string: \"" + std::string(s) + "\"";
  if (radix != 10) m += " under radix " + std::to_string(radix);
  return m;
}

// The stack trace Java prints under an uncaught NumberFormatException that Integer.parseInt
// threw for a character that is not a digit (JDK 17, Debian 12), ending with the frames of
// ZooKeeperMain's interactive loop. `callers` are the frames between parseInt and
// ZooKeeperMain.processZKCmd, each "\tat ...\n"; `zk_main_line` is processZKCmd's line.
// Other failures (overflow, a lone sign, "") throw from other lines of parseInt, not measured:
// nullopt, and only the exception's first line is printed.
std::optional<std::string> parse_int_stack(std::string_view s, std::string_view callers, int zk_main_line) {
  std::size_t i = 0;
  if (s.empty()) return std::nullopt;
  if (s[0] < '0') {
    if ((s[0] != '-' && s[0] != '+') || s.size() == 1) return std::nullopt;
    i = 1;
  }
  bool bad_digit = false;
  for (; i < s.size(); ++i) bad_digit = bad_digit || s[i] < '0' || s[i] > '9';
  if (!bad_digit) return std::nullopt;
  return "\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)\n"
         "\tat java.base/java.lang.Integer.parseInt(Integer.java:668)\n" +
         std::string(callers) + "\tat org.apache.zookeeper.ZooKeeperMain.processZKCmd(ZooKeeperMain.java:" +
         std::to_string(zk_main_line) +
         ")\n"
         "\tat org.apache.zookeeper.ZooKeeperMain.processCmd(ZooKeeperMain.java:367)\n"
         "\tat org.apache.zookeeper.ZooKeeperMain.executeLine(ZooKeeperMain.java:359)\n"
         "\tat org.apache.zookeeper.ZooKeeperMain.run(ZooKeeperMain.java:345)\n"
         "\tat org.apache.zookeeper.ZooKeeperMain.main(ZooKeeperMain.java:293)\n";
}

// Integer.decode: the value, or the NumberFormatException's message.
std::variant<std::int32_t, std::string> java_decode(std::string_view nm) {
  if (nm.empty()) return std::string("Zero length string");
  std::size_t index = 0;
  bool negative = false;
  if (nm[0] == '-' || nm[0] == '+') {
    negative = nm[0] == '-';
    index = 1;
  }
  int radix = 10;
  const std::string_view rest = nm.substr(index);
  if (rest.starts_with("0x") || rest.starts_with("0X")) {
    index += 2;
    radix = 16;
  } else if (rest.starts_with("#")) {
    index += 1;
    radix = 16;
  } else if (rest.starts_with("0") && nm.size() > 1 + index) {
    index += 1;
    radix = 8;
  }
  const std::string_view digits = nm.substr(index);
  if (digits.starts_with("-") || digits.starts_with("+")) {
    return std::string("Sign character in wrong position");
  }
  const std::string constant = (negative ? "-" : "") + std::string(digits);
  auto v = java_parse(constant, radix, std::numeric_limits<std::int32_t>::min(),
                      std::numeric_limits<std::int32_t>::max());
  if (!v) return for_input_string(constant, radix);
  return static_cast<std::int32_t>(*v);
}

// --- Options: commons-cli 1.5.0 DefaultParser --------------------------------------------
//
// Hand-written rather than CLI11: every zkCli option is one letter and DefaultParser's grammar
// differs from CLI11's in ways zkCli users see. A token that does not look like a known option
// ("-x", "--x", "-5") is taken as a pending option's value; "-t100" and "-t=100" attach values;
// "-se" bursts; "--" ends options; a repeated option keeps its first value; and the errors
// name the offending token ("Unrecognized option: -s=1"). Only the single-letter subset is here.

struct OptionSpec {
  char name;
  bool takes_value;
};

struct Options {
  std::vector<std::string> args;         // positional tokens; args[0] is the command
  std::set<char> present;                // every option given
  std::map<char, std::string> values;    // first value of each option that takes one
  std::vector<char> order;               // the options as first given
  bool has(char c) const { return present.count(c) > 0; }
};

// What went wrong: a ParseException (printed via CliParseException as the exception's
// toString) or an uncaught runtime exception.
struct OptionError {
  std::string message;
  bool aborts = false;
};

class DefaultParser {
 public:
  explicit DefaultParser(std::vector<OptionSpec> specs) : specs_(std::move(specs)) {}

  std::optional<OptionError> parse(const std::vector<std::string>& tokens, Options& out) {
    out = Options{};
    out_ = &out;
    pending_.reset();
    skip_ = false;
    for (const std::string& t : tokens) {
      if (auto e = handle_token(t)) return e;
    }
    if (pending_) return missing_argument(*pending_);
    return std::nullopt;
  }

 private:
  const OptionSpec* find(std::string_view key) const {
    // Options.hasShortOption strips one "-" or "--" first.
    if (key.starts_with("--")) key.remove_prefix(2);
    else if (key.starts_with("-")) key.remove_prefix(1);
    if (key.size() != 1) return nullptr;
    for (const OptionSpec& s : specs_) {
      if (s.name == key[0]) return &s;
    }
    return nullptr;
  }

  // DefaultParser.isShortOption (isLongOption is always false: no option has a long name, and
  // isNegativeNumber cannot matter: no option letter can start a Java double).
  bool looks_like_option(std::string_view t) const {
    if (t.size() < 2 || t[0] != '-') return false;
    const std::size_t eq = t.find('=');
    const std::string_view name = eq == std::string_view::npos ? t.substr(1) : t.substr(1, eq - 1);
    if (find(name)) return true;
    return !name.empty() && find(name.substr(0, 1));
  }

  static OptionError unrecognized(std::string_view token) {
    return {"org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: " +
                std::string(token),
            false};
  }
  static OptionError missing_argument(char option) {
    return {std::string("org.apache.commons.cli.MissingArgumentException: Missing argument for "
                        "option: ") +
                option,
            false};
  }

  std::optional<OptionError> handle_option(const OptionSpec& spec) {
    if (pending_) return missing_argument(*pending_);
    if (out_->present.insert(spec.name).second) out_->order.push_back(spec.name);
    if (spec.takes_value) pending_ = spec.name;
    return std::nullopt;
  }

  void add_value(char option, std::string value) {
    out_->values.emplace(option, std::move(value));  // emplace keeps the first
    pending_.reset();
  }

  // Util.stripLeadingAndTrailingQuotes, applied to a value given as its own token.
  static std::string strip_quotes(const std::string& t) {
    if (t.size() > 1 && t.front() == '"' && t.back() == '"' &&
        t.substr(1, t.size() - 2).find('"') == std::string::npos) {
      return t.substr(1, t.size() - 2);
    }
    return t;
  }

  std::optional<OptionError> handle_token(const std::string& t) {
    if (skip_) {
      out_->args.push_back(t);
    } else if (t == "--") {
      skip_ = true;
    } else if (pending_ && !looks_like_option(t)) {
      add_value(*pending_, strip_quotes(t));
    } else if (t.starts_with("--")) {
      return unrecognized(t);
    } else if (t.starts_with("-") && t != "-") {
      return handle_short(t);
    } else {
      out_->args.push_back(t);
    }
    return std::nullopt;
  }

  // handleShortAndLongOption without the long-option branches.
  std::optional<OptionError> handle_short(const std::string& token) {
    const std::string t = token.substr(1);
    const std::size_t eq = t.find('=');
    if (t.size() == 1) {
      const OptionSpec* s = find(t);
      if (!s) return unrecognized(token);
      return handle_option(*s);
    }
    if (eq == std::string::npos) return handle_concatenated(token);
    const std::string opt = t.substr(0, eq);
    if (opt.empty()) {
      // isJavaProperty("") calls substring(0, 1) on an empty string.
      return OptionError{"java.lang.StringIndexOutOfBoundsException: begin 0, end 1, length 0",
                         true};
    }
    const OptionSpec* s = opt.size() == 1 ? find(opt) : nullptr;
    if (!s || !s->takes_value) return unrecognized(token);
    if (auto e = handle_option(*s)) return e;
    add_value(s->name, t.substr(eq + 1));
    return std::nullopt;
  }

  std::optional<OptionError> handle_concatenated(const std::string& token) {
    for (std::size_t i = 1; i < token.size(); ++i) {
      const OptionSpec* s = find(token.substr(i, 1));
      if (!s) return unrecognized(token);
      if (auto e = handle_option(*s)) return e;
      if (pending_ && i + 1 < token.size()) {
        add_value(s->name, token.substr(i + 1));
        break;
      }
    }
    return std::nullopt;
  }

  std::vector<OptionSpec> specs_;
  Options* out_ = nullptr;
  std::optional<char> pending_;  // an option still waiting for its value
  bool skip_ = false;            // after "--" every token is positional
};

// --- Per-command checks (cli/*Command.java parse then exec, up to the request) -------------

// CliException: `printed` already ends with its message.
ParsedLine failed(Printed printed, int exit_code = 1) {
  ParsedLine r;
  r.outcome = LineOutcome::Failed;
  r.printed = std::move(printed);
  r.exit_code = exit_code;
  return r;
}

// processCmd prints a CliException's message on stderr.
ParsedLine failed(Printed printed, std::string_view message, int exit_code = 1) {
  printed.err(std::string(message) + "\n");
  return failed(std::move(printed), exit_code);
}

// `stack`: the trace's "\tat ..." lines, when known.
ParsedLine aborted(Printed printed, std::string_view exception, std::optional<std::string> stack = std::nullopt) {
  ParsedLine r;
  r.outcome = LineOutcome::Aborted;
  printed.err("Exception in thread \"main\" " + std::string(exception) + "\n" + stack.value_or(""));
  r.printed = std::move(printed);
  r.exit_code = 1;
  return r;
}

ParsedLine run(Command command, Printed printed = {}) {
  ParsedLine r;
  r.outcome = LineOutcome::Run;
  r.command = std::move(command);
  r.printed = std::move(printed);
  return r;
}

std::string usage(std::string_view command) { return *usage_of(command); }

// Parses `tokens`; on a ParseException the line fails with its text.
std::optional<ParsedLine> parse_options(DefaultParser& parser, const std::vector<std::string>& tokens,
                                        Options& out, const Printed& printed = {}) {
  if (auto e = parser.parse(tokens, out)) {
    if (e->aborts) return aborted(printed, e->message);
    return failed(printed, e->message);
  }
  return std::nullopt;
}

// get/ls/stat "path [watch]" compatibility: with more than one positional argument zkCli
// overwrites the third raw token with "-w", says so, and parses again.
std::optional<ParsedLine> retain_compatibility(DefaultParser& parser,
                                               std::vector<std::string> tokens, Options& o,
                                               Printed& printed, std::string_view note,
                                               bool rewrite) {
  if (o.args.size() <= 2) return std::nullopt;
  if (rewrite) tokens[2] = "-w";
  printed.err(std::string(note) + "\n");
  return parse_options(parser, tokens, o, printed);
}

std::optional<ParsedLine> check_path(const std::string& path, const Printed& printed,
                                     bool sequential = false) {
  if (auto e = path_error(path, sequential)) return failed(printed, *e);
  return std::nullopt;
}

// `command_frame`: the command's exec frame in the trace ("SetCommand.exec(SetCommand.java:69)").
std::optional<ParsedLine> parse_version(const Options& o, std::int32_t& version,
                                        const Printed& printed, std::string_view command_frame) {
  version = -1;
  if (!o.has('v')) return std::nullopt;
  const std::string& text = o.values.at('v');
  auto v = parse_java_int(text);
  if (!v) {
    const std::string callers = "\tat java.base/java.lang.Integer.parseInt(Integer.java:786)\n"
                                "\tat org.apache.zookeeper.cli." + std::string(command_frame) + "\n";
    return aborted(printed, "java.lang.NumberFormatException: " + for_input_string(text),
                   parse_int_stack(text, callers, 438));
  }
  version = *v;
  return std::nullopt;
}

AclList parse_acl_printing(std::string_view text, Printed& printed) {
  std::vector<std::string> warnings;
  AclList acl = parse_acl(text, &warnings);
  for (const std::string& w : warnings) printed.err(w + "\n");
  return acl;
}

ParsedLine parse_create(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'e', false}, {'s', false}, {'c', false}, {'t', true}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("create"));
  const bool e = o.has('e');
  const bool s = o.has('s');
  const bool c = o.has('c');
  const bool t = o.has('t');
  if (c && (e || s)) {
    return failed({}, "-c cannot be combined with -s or -e. Containers cannot be ephemeral or "
                      "sequential.");
  }
  std::int64_t ttl = 0;
  if (t) {
    auto v = parse_java_long(o.values.at('t'));
    if (!v) return failed({}, "-t argument must be a long value");
    ttl = *v;
  }
  if (t && e) return failed({}, "TTLs cannot be used with Ephemeral znodes");
  if (t && c) return failed({}, "TTLs cannot be used with Container znodes");
  CreateCmd cmd;
  if (e && s) cmd.flags = create_mode::kEphemeralSequential;
  else if (e) cmd.flags = create_mode::kEphemeral;
  else if (s) cmd.flags = t ? create_mode::kPersistentSequentialWithTtl : create_mode::kPersistentSequential;
  else if (c) cmd.flags = create_mode::kContainer;
  else cmd.flags = t ? create_mode::kPersistentWithTtl : create_mode::kPersistent;
  if (t) {
    if (ttl <= 0 || ttl > kMaxTtlMs) {
      return failed({}, "ttl must be positive and cannot be larger than: " +
                            std::to_string(kMaxTtlMs));
    }
    cmd.ttl_ms = ttl;
  }
  cmd.path = o.args[1];
  if (o.args.size() > 2) cmd.data = o.args[2];
  Printed printed;
  if (o.args.size() > 3) cmd.acl = parse_acl_printing(o.args[3], printed);
  const bool sequential = cmd.flags == create_mode::kPersistentSequential ||
                          cmd.flags == create_mode::kEphemeralSequential ||
                          cmd.flags == create_mode::kPersistentSequentialWithTtl;
  if (auto r = check_path(cmd.path, printed, sequential)) return std::move(*r);
  if (cmd.acl.empty()) {
    // ZooKeeper.validateACL, before any request: an InvalidACLException without a path.
    printed.append(print_create_error(Code::InvalidAcl, std::nullopt));
    return failed(std::move(printed));
  }
  return run(std::move(cmd), std::move(printed));
}

ParsedLine parse_get(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'s', false}, {'w', false}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("get"));
  Printed printed;
  if (auto r = retain_compatibility(parser, tokens, o, printed,
                                    "'get path [watch]' has been deprecated. Please use 'get "
                                    "[-s] [-w] path' instead.",
                                    true)) {
    return std::move(*r);
  }
  GetCmd cmd{o.args[1], o.has('s'), o.has('w')};
  if (auto r = check_path(cmd.path, printed)) return std::move(*r);
  return run(std::move(cmd), std::move(printed));
}

ParsedLine parse_ls(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'?', false}, {'s', false}, {'w', false}, {'R', false}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  Printed printed;
  if (o.has('?')) {
    // HelpFormatter.printHelp("ls [options] path", options), captured from 3.8.0.
    printed.out("usage: ls [options] path\n -?   help\n -R   recurse\n -s   stat\n -w   watch\n");
  }
  if (auto r = retain_compatibility(parser, tokens, o, printed,
                                    "'ls path [watch]' has been deprecated. Please use 'ls [-w] "
                                    "path' instead.",
                                    true)) {
    return std::move(*r);
  }
  if (o.args.size() < 2) return failed(printed, usage("ls"));
  LsCmd cmd{o.args[1], o.has('s'), o.has('w'), o.has('R')};
  if (auto r = check_path(cmd.path, printed)) return std::move(*r);
  return run(std::move(cmd), std::move(printed));
}

ParsedLine parse_set(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'s', false}, {'v', true}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 3) return failed({}, usage("set"));
  SetCmd cmd{o.args[1], o.args[2], -1, o.has('s')};
  if (auto r = parse_version(o, cmd.version, {}, "SetCommand.exec(SetCommand.java:69)")) return std::move(*r);
  if (auto r = check_path(cmd.path, {})) return std::move(*r);
  return run(std::move(cmd));
}

ParsedLine parse_stat(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'w', false}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("stat"));
  Printed printed;
  if (auto r = retain_compatibility(parser, tokens, o, printed,
                                    "'stat path [watch]' has been deprecated. Please use 'stat "
                                    "[-w] path' instead.",
                                    true)) {
    return std::move(*r);
  }
  StatCmd cmd{o.args[1], o.has('w')};
  if (auto r = check_path(cmd.path, printed)) return std::move(*r);
  return run(std::move(cmd), std::move(printed));
}

ParsedLine parse_delete(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'v', true}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("delete"));
  Printed printed;
  // The old "delete path version" form is reported, but its version is not used.
  if (auto r = retain_compatibility(parser, tokens, o, printed,
                                    "'delete path [version]' has been deprecated. Please use "
                                    "'delete [-v version] path' instead.",
                                    false)) {
    return std::move(*r);
  }
  DeleteCmd cmd{o.args[1], -1};
  if (auto r = parse_version(o, cmd.version, printed, "DeleteCommand.exec(DeleteCommand.java:81)")) return std::move(*r);
  if (auto r = check_path(cmd.path, printed)) return std::move(*r);
  return run(std::move(cmd), std::move(printed));
}

ParsedLine parse_deleteall(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'b', true}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("deleteall"));
  DeleteAllCmd cmd{o.args[1], 1000};
  if (o.has('b')) {
    auto v = parse_java_int(o.values.at('b'));
    if (!v) return failed({}, "-b argument must be an int value");
    cmd.batch_size = *v;
  }
  if (auto r = check_path(cmd.path, {})) return std::move(*r);
  return run(std::move(cmd));
}

ParsedLine parse_sync(const std::vector<std::string>& tokens) {
  DefaultParser parser({});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("sync"));
  SyncCmd cmd{o.args[1]};
  if (auto r = check_path(cmd.path, {})) return std::move(*r);
  return run(std::move(cmd));
}

// GetAllChildrenNumberCommand: no options; the path count is checked in exec, the path by
// ZooKeeper.getAllChildrenNumber (PathUtils.validatePath) before any request.
ParsedLine parse_get_all_children_number(const std::vector<std::string>& tokens) {
  DefaultParser parser({});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("getAllChildrenNumber"));
  GetAllChildrenNumberCmd cmd{o.args[1]};
  if (auto r = check_path(cmd.path, {})) return std::move(*r);
  return run(std::move(cmd));
}

// GetEphemeralsCommand: no options; ZooKeeper.getEphemerals checks the prefix as a path.
ParsedLine parse_get_ephemerals(const std::vector<std::string>& tokens) {
  DefaultParser parser({});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  GetEphemeralsCmd cmd;
  if (o.args.size() >= 2) {
    cmd.prefix = o.args[1];
    if (auto r = check_path(cmd.prefix, {})) return std::move(*r);
  }
  return run(std::move(cmd));
}

ParsedLine parse_config(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'s', false}, {'w', false}, {'c', false}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  return run(ConfigCmd{o.has('c'), o.has('w'), o.has('s')});
}

// ReconfigCommand.parse: its options have long names (-file, -members, -add, -remove), each
// taking the next token.
ParsedLine parse_reconfig(const std::vector<std::string>& tokens) {
  std::set<std::string> present;
  std::map<std::string, std::string> values;
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (t.size() < 2 || t[0] != '-') continue;
    const std::string name = t.substr(t.starts_with("--") ? 2 : 1);
    if (name == "s") {
      present.insert(name);
    } else if (name == "v" || name == "file" || name == "members" || name == "add" || name == "remove") {
      if (i + 1 >= tokens.size()) {
        return failed({}, "org.apache.commons.cli.MissingArgumentException: Missing argument for option: " + name);
      }
      present.insert(name);
      values.emplace(name, tokens[++i]);
    } else {
      return failed({}, "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: " + t);
    }
  }
  const bool whole = present.count("file") || present.count("members");
  const bool incremental = present.count("add") || present.count("remove");
  if (!whole && !incremental) return failed({}, usage("reconfig"));
  if (present.count("v")) {
    // Long.parseLong(value, 16)
    const std::string& v = values.at("v");
    std::size_t k = (v.starts_with("-") || v.starts_with("+")) ? 1 : 0;
    bool ok = k < v.size() && v.size() - k <= 16;
    for (; ok && k < v.size(); ++k) ok = std::isxdigit(static_cast<unsigned char>(v[k])) != 0;
    if (!ok) return failed({}, "-v must be followed by a long (configuration version)");
  }
  if (whole && incremental) {
    return failed({}, "Can't use -file or -members together with -add or -remove (mixing incremental and "
                      "non-incremental modes is not allowed)");
  }
  if (present.count("file") && present.count("members")) {
    return failed({}, "Can't use -file and -members together (conflicting non-incremental modes)");
  }
  ReconfigCmd cmd;
  auto lower = [&](const char* name) -> std::optional<std::string> {
    if (!present.count(name)) return std::nullopt;
    std::string v = values.at(name);
    for (char& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return v;
  };
  cmd.joining = lower("add");
  cmd.leaving = lower("remove");
  cmd.members = lower("members");
  if (present.count("file")) cmd.file = values.at("file");  // read when the command runs
  if (present.count("v")) cmd.version = static_cast<std::int64_t>(std::stoull(values.at("v"), nullptr, 16));
  cmd.stat = present.count("s") > 0;
  return run(std::move(cmd));
}

// --- Quotas (SetQuotaCommand, ListQuotaCommand, DelQuotaCommand) ---------------------------

// The four quota options form one commons-cli OptionGroup: a second one is an
// AlreadySelectedException. (commons-cli throws it as the second option is read; a later
// option error in the same line is then not reached, which this check does not model.)
std::optional<ParsedLine> check_quota_group(const Options& o) {
  if (o.order.size() < 2) return std::nullopt;
  return failed({}, std::string("org.apache.commons.cli.AlreadySelectedException: The option '") + o.order[1] +
                        "' was specified but an option from this group has already been selected: '" +
                        o.order[0] + "'");
}

// The path a quota command's first request checks on the client (PathUtils.validatePath):
// a malformed one ends the command with the message (MalformedPathException).
std::optional<ParsedLine> check_quota_request_path(const std::string& path, const Printed& printed) {
  if (auto e = path_error(path)) return failed(printed, *e);
  return std::nullopt;
}

ParsedLine parse_setquota(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'n', true}, {'b', true}, {'N', true}, {'B', true}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (auto r = check_quota_group(o)) return std::move(*r);
  if (o.order.empty()) {
    // The group is required: MissingOptionException names it as OptionGroup.toString does.
    return failed({}, "org.apache.commons.cli.MissingOptionException: Missing required option: [-n num soft "
                      "quota, -b bytes soft quota, -N num hard quota, -B bytes hard quota]");
  }
  if (o.args.size() < 2) return failed({}, usage("setquota"));
  SetQuotaCmd cmd;
  cmd.path = o.args[1];
  // exec prints these and returns: no exception, so the exit code stays 0.
  auto refuse = [](std::string_view message) {
    Printed p;
    p.err(std::string(message) + "\n");
    return failed(std::move(p), 0);
  };
  if (cmd.path.starts_with("/zookeeper/quota")) return refuse("cannot set a quota under the path: /zookeeper/quota");
  const char option = o.order[0];
  const std::string& text = o.values.at(option);
  if (option == 'n' || option == 'N') {
    auto v = parse_java_int(text);
    if (!v) return refuse("NumberFormatException happens when parsing the option value");
    if (*v <= 0) return refuse("the num quota must be greater than zero");
    (option == 'n' ? cmd.count : cmd.count_hard_limit) = *v;
  } else {
    auto v = parse_java_long(text);
    if (!v) return refuse("NumberFormatException happens when parsing the option value");
    if (*v < 0) return refuse("the bytes quota must be greater than or equal to zero");
    (option == 'b' ? cmd.bytes : cmd.byte_hard_limit) = *v;
  }
  // createQuota's first call, exists(path), checks the path.
  if (auto r = check_quota_request_path(cmd.path, {})) return std::move(*r);
  return run(std::move(cmd));
}

ParsedLine parse_listquota(const std::vector<std::string>& tokens) {
  DefaultParser parser({});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("listquota"));
  ListQuotaCmd cmd{o.args[1]};
  Printed printed;
  printed.err("absolute path is " + quota::limit_path(cmd.path) + "\n");
  // Its first call, getData of the limits node, checks that path.
  if (auto r = check_quota_request_path(quota::limit_path(cmd.path), printed)) return std::move(*r);
  return run(std::move(cmd), std::move(printed));
}

ParsedLine parse_delquota(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'n', false}, {'b', false}, {'N', false}, {'B', false}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (auto r = check_quota_group(o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("delquota"));
  DelQuotaCmd cmd{o.args[1], o.has('n'), o.has('b'), o.has('N'), o.has('B')};
  // Its first call, exists of the limits node, checks that path.
  if (auto r = check_quota_request_path(quota::limit_path(cmd.path), {})) return std::move(*r);
  return run(std::move(cmd));
}

ParsedLine parse_addauth(const std::vector<std::string>& tokens) {
  DefaultParser parser({});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("addauth"));
  AddAuthCmd cmd{o.args[1], std::nullopt};
  if (o.args.size() > 2) cmd.auth = o.args[2];
  return run(std::move(cmd));
}

ParsedLine parse_getacl(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'s', false}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("getAcl"));
  GetAclCmd cmd{o.args[1], o.has('s')};
  if (auto r = check_path(cmd.path, {})) return std::move(*r);
  return run(std::move(cmd));
}

ParsedLine parse_setacl(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'s', false}, {'v', true}, {'R', false}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 3) return failed({}, usage("setAcl"));
  Printed printed;
  SetAclCmd cmd;
  cmd.path = o.args[1];
  cmd.acl = parse_acl_printing(o.args[2], printed);
  cmd.stat = o.has('s');
  cmd.recursive = o.has('R');
  if (auto r = parse_version(o, cmd.version, printed, "SetAclCommand.exec(SetAclCommand.java:76)")) return std::move(*r);
  if (auto r = check_path(cmd.path, printed)) return std::move(*r);
  if (!cmd.recursive && cmd.acl.empty()) return failed(printed, cli_error_message(Code::InvalidAcl, std::nullopt));
  return run(std::move(cmd), std::move(printed));
}

ParsedLine parse_addwatch(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'m', true}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() != 2) return failed({}, usage("addWatch"));
  AddWatchCmd cmd{o.args[1], std::nullopt};
  if (o.has('m')) {
    std::string mode = o.values.at('m');
    for (char& ch : mode) {
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    }
    if (mode == "PERSISTENT") cmd.mode = WatcherMode::Persistent;
    else if (mode == "PERSISTENT_RECURSIVE") cmd.mode = WatcherMode::PersistentRecursive;
    else return failed({}, usage("addWatch"));
  }
  // AddWatchCommand does not catch the path check's IllegalArgumentException.
  if (auto e = path_error(cmd.path)) return aborted({}, "java.lang.IllegalArgumentException: " + *e);
  return run(std::move(cmd));
}

ParsedLine parse_removewatches(const std::vector<std::string>& tokens) {
  DefaultParser parser({{'c', false}, {'d', false}, {'a', false}, {'l', false}});
  Options o;
  if (auto r = parse_options(parser, tokens, o)) return std::move(*r);
  if (o.args.size() < 2) return failed({}, usage("removewatches"));
  RemoveWatchesCmd cmd{o.args[1], WatcherType::Any, o.has('l')};
  if (o.has('c')) cmd.type = WatcherType::Children;
  else if (o.has('d')) cmd.type = WatcherType::Data;
  if (auto r = check_path(cmd.path, {})) return std::move(*r);
  return run(std::move(cmd));
}

// Commands run by ZooKeeperMain itself, before it checks the connection.
std::optional<ParsedLine> parse_shell_command(const std::vector<std::string>& args) {
  const std::string& cmd = args[0];
  if (cmd == "quit") return run(QuitCmd{});
  if (cmd == "redo") {
    if (args.size() < 2) return run(RedoCmd{std::nullopt});
    auto v = java_decode(args[1]);
    if (auto* message = std::get_if<std::string>(&v)) {
      // Integer.decode goes through Integer.valueOf; the trace is known for a bad digit in a
      // decimal constant (the sign is left on the constant decode parses).
      std::optional<std::string> stack;
      if (message->starts_with("For input string: \"") && message->find(" under radix ") == std::string::npos) {
        const std::string constant = message->substr(19, message->size() - 20);
        stack = parse_int_stack(constant,
                                "\tat java.base/java.lang.Integer.valueOf(Integer.java:973)\n"
                                "\tat java.base/java.lang.Integer.decode(Integer.java:1458)\n",
                                397);
      }
      return aborted({}, "java.lang.NumberFormatException: " + *message, std::move(stack));
    }
    return run(RedoCmd{std::get<std::int32_t>(v)});
  }
  if (cmd == "history") return run(HistoryCmd{});
  if (cmd == "printwatches") {
    if (args.size() == 1) return run(PrintWatchesCmd{std::nullopt});
    return run(PrintWatchesCmd{args[1] == "on"});
  }
  if (cmd == "connect") {
    if (args.size() >= 2) return run(ConnectCmd{args[1]});
    return run(ConnectCmd{std::nullopt});
  }
  return std::nullopt;
}

}  // namespace

ParsedLine parse_args(std::vector<std::string> args, bool connected) {
  if (args.empty()) return ParsedLine{LineOutcome::NoTokens, std::nullopt, {}, 0};
  const std::string& cmd = args[0];
  if (!usage_of(cmd)) {
    Printed p = print_usage();
    return failed(std::move(p), "Command not found: Command not found " + cmd, 127);
  }
  if (auto r = parse_shell_command(args)) return std::move(*r);
  if (!connected) return failed(print_not_connected(), 0);
  if (cmd == "create") return parse_create(args);
  if (cmd == "get") return parse_get(args);
  if (cmd == "set") return parse_set(args);
  if (cmd == "ls") return parse_ls(args);
  if (cmd == "stat") return parse_stat(args);
  if (cmd == "delete") return parse_delete(args);
  if (cmd == "deleteall") return parse_deleteall(args);
  if (cmd == "sync") return parse_sync(args);
  if (cmd == "addauth") return parse_addauth(args);
  if (cmd == "getAcl") return parse_getacl(args);
  if (cmd == "setAcl") return parse_setacl(args);
  if (cmd == "addWatch") return parse_addwatch(args);
  if (cmd == "removewatches") return parse_removewatches(args);
  if (cmd == "close") return run(CloseCmd{});  // CloseCommand.parse looks at nothing
  if (cmd == "getAllChildrenNumber") return parse_get_all_children_number(args);
  if (cmd == "whoami") return run(WhoAmICmd{});  // WhoAmICommand.parse looks at nothing
  if (cmd == "getEphemerals") return parse_get_ephemerals(args);
  if (cmd == "config") return parse_config(args);
  if (cmd == "reconfig") return parse_reconfig(args);
  if (cmd == "version") {
    DefaultParser parser({});
    Options o;
    if (auto r = parse_options(parser, args, o)) return std::move(*r);
    return run(VersionCmd{});
  }
  if (cmd == "setquota") return parse_setquota(args);
  if (cmd == "listquota") return parse_listquota(args);
  if (cmd == "delquota") return parse_delquota(args);
  return run(UnsupportedCmd{cmd});
}

ParsedLine parse_line(std::string_view line, bool connected) {
  if (line.empty()) return ParsedLine{};
  return parse_args(tokenize(line), connected);
}

// --- reconfig -file (Properties.load, QuorumPeerConfig.parseDynamicConfig) -------------------

namespace {

// String.split with a one-character separator: trailing empty parts are dropped.
std::vector<std::string> java_split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  while (parts.size() > 1 && parts.back().empty()) parts.pop_back();
  if (parts.size() == 1 && parts[0].empty() && !s.empty()) parts.clear();  // "::" gives []
  return parts;
}

constexpr const char* kWrongFormat =
    " does not have the form server_config or server_config;client_config where server_config is the pipe "
    "separated list of host:port:port or host:port:port:type and client_config is port or host:port";

// ConfigUtils.getHostAndPort. Empty optional and `error` set when it throws.
std::optional<std::vector<std::string>> host_and_port(const std::string& s, std::string& error) {
  if (!s.starts_with("[")) return java_split(s, ':');
  const std::size_t i = s.find(']');
  if (i == std::string::npos) {
    error = s + " starts with '[' but has no matching ']:'";
    return std::nullopt;
  }
  if (i + 2 == s.size()) {
    error = s + " doesn't have a port after colon";
    return std::nullopt;
  }
  if (i + 2 < s.size()) {
    std::vector<std::string> out{s.substr(1, i - 1)};
    for (auto& p : java_split(std::string_view(s).substr(i + 2), ':')) out.push_back(std::move(p));
    return out;
  }
  std::string bare;
  for (char c : s)
    if (c != '[' && c != ']') bare += c;
  return std::vector<std::string>{bare};
}

// new InetSocketAddress(host, Integer.parseInt(port)): "Address unresolved: host:port" for a
// port that is not a number, "port out of range:N" past 65535.
std::optional<std::string> check_port(const std::string& host, const std::string& port, std::int64_t& out) {
  const auto v = parse_java_int(port);
  if (!v) return "Address unresolved: " + host + ":" + port;
  out = *v;
  if (out < 0 || out > 65535) return "port out of range:" + std::to_string(out);
  return std::nullopt;
}

struct DynamicServer {
  std::int64_t sid = 0;
  bool observer = false;
  std::string text;  // QuorumServer.toString
};

// QuorumServer(sid, addressStr) as 3.8.0 parses it (multiple addresses disabled).
std::optional<std::string> parse_quorum_server(std::int64_t sid, const std::string& value, DynamicServer& out) {
  const std::vector<std::string> server_client = java_split(value, ';');
  const std::vector<std::string> addresses = java_split(server_client.empty() ? "" : server_client[0], '|');
  std::string client;
  if (server_client.size() == 2) {
    std::string error;
    const auto parts = host_and_port(server_client[1], error);
    if (!parts) return error;
    if (parts->size() > 2) return value + kWrongFormat;
    const std::string host = parts->size() == 2 ? (*parts)[0] : "0.0.0.0";
    // The message names the hostname field, not yet set at this point: "null".
    const auto parsed = parse_java_int(parts->empty() ? "" : parts->back());
    if (!parsed) return "Address unresolved: null:" + (parts->empty() ? std::string() : parts->back());
    const std::int64_t port = *parsed;
    if (port < 0 || port > 65535) return "port out of range:" + std::to_string(port);
    client = ";" + host + ":" + std::to_string(port);
  }
  if (addresses.size() > 1)
    return "Multiple address feature is disabled, but multiple addresses were specified for sid " + std::to_string(sid);
  std::optional<bool> observer;
  std::string text;
  for (const std::string& address : addresses) {
    std::string error;
    const auto parts = host_and_port(address, error);
    if (!parts) return error;
    if (server_client.size() > 2 || parts->size() < 3 || parts->size() > 4) return value + kWrongFormat;
    const std::string& host = (*parts)[0];
    std::int64_t quorum = 0, election = 0;
    if (auto e = check_port(host, (*parts)[1], quorum)) return e;
    if (auto e = check_port(host, (*parts)[2], election)) return e;
    if (quorum == election)
      return "Client and election port must be different! Please update the configuration file on server." +
             std::to_string(sid);
    if (parts->size() == 4) {
      std::string type = (*parts)[3];
      const auto b = type.find_first_not_of(" \t");
      const auto e = type.find_last_not_of(" \t");
      type = b == std::string::npos ? "" : type.substr(b, e - b + 1);
      for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (type != "observer" && type != "participant") return "Unrecognised peertype: " + (*parts)[3];
      const bool is_observer = type == "observer";
      if (observer && *observer != is_observer)
        return std::string("Multiple addresses should have similar roles: ") + (*observer ? "OBSERVER" : "PARTICIPANT") +
               " vs " + (is_observer ? "OBSERVER" : "PARTICIPANT");
      observer = is_observer;
    }
    text = host + ":" + std::to_string(quorum) + ":" + std::to_string(election);
  }
  out.sid = sid;
  out.observer = observer.value_or(false);
  out.text = text + (out.observer ? ":observer" : ":participant") + client;
  return std::nullopt;
}

// Properties.load: logical lines (a backslash at the end joins the next), comments, the key
// up to '=', ':' or white space, escapes. Later keys replace earlier ones in place.
std::vector<std::pair<std::string, std::string>> load_properties(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\f'; };
  std::vector<std::string> lines;
  std::string logical;
  bool continuing = false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (end < text.size() && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ++pos;
    std::size_t b = 0;
    while (b < line.size() && is_space(line[b])) ++b;
    line.remove_prefix(b);
    if (!continuing && (line.empty() || line[0] == '#' || line[0] == '!')) {
      if (end >= text.size()) break;
      continue;
    }
    std::size_t slashes = 0;
    while (slashes < line.size() && line[line.size() - 1 - slashes] == '\\') ++slashes;
    if (slashes % 2 == 1) {
      logical += line.substr(0, line.size() - 1);
      continuing = true;
    } else {
      logical += line;
      lines.push_back(std::move(logical));
      logical.clear();
      continuing = false;
    }
    if (end >= text.size()) break;
  }
  if (continuing) lines.push_back(std::move(logical));
  auto unescape = [](std::string_view s) {
    std::string r;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\\' || i + 1 >= s.size()) {
        r += s[i];
        continue;
      }
      const char c = s[++i];
      r += c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c == 'f' ? '\f' : c;
    }
    return r;
  };
  for (const std::string& line : lines) {
    std::size_t k = 0;
    bool escaped = false;
    for (; k < line.size(); ++k) {
      const char c = line[k];
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '=' || c == ':' || is_space(c)) {
        break;
      }
    }
    std::size_t v = k;
    while (v < line.size() && is_space(line[v])) ++v;
    if (v < line.size() && (line[v] == '=' || line[v] == ':') && (v == k || is_space(line[k]))) ++v;
    else if (k < line.size() && (line[k] == '=' || line[k] == ':')) v = k + 1;
    while (v < line.size() && is_space(line[v])) ++v;
    std::string key = unescape(std::string_view(line).substr(0, k));
    std::string value = unescape(std::string_view(line).substr(std::min(v, line.size())));
    auto same = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == key; });
    if (same != out.end()) same->second = std::move(value);
    else out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

}  // namespace

DynamicConfig parse_dynamic_config(std::string_view text) {
  DynamicConfig result;
  const auto props = load_properties(text);
  for (const auto& [raw, value] : props) {
    std::string key = raw;
    const auto b = key.find_first_not_of(" \t");
    const auto e = key.find_last_not_of(" \t");
    key = b == std::string::npos ? "" : key.substr(b, e - b + 1);
    if (key.starts_with("group") || key.starts_with("weight")) continue;  // hierarchical
    if (!key.starts_with("server.") && key != "version") {
      result.error = "Unrecognised parameter: " + key;
      return result;
    }
  }
  std::vector<DynamicServer> servers;
  std::int64_t version = 0;
  for (const auto& [key, value] : props) {
    if (key.starts_with("server.")) {
      const std::string id = key.substr(key.find('.') + 1);
      const auto parsed = parse_java_long(id);
      if (!parsed) {
        result.error = for_input_string(id, 10);
        return result;
      }
      const std::int64_t sid = *parsed;
      DynamicServer s;
      if (auto err = parse_quorum_server(sid, value, s)) {
        result.error = *err;
        return result;
      }
      auto same = std::find_if(servers.begin(), servers.end(), [&](const auto& x) { return x.sid == sid; });
      if (same != servers.end()) *same = s;
      else servers.push_back(s);
    } else if (key == "version") {
      const auto parsed = java_parse(value, 16, std::numeric_limits<std::int64_t>::min(),
                                     std::numeric_limits<std::int64_t>::max());
      if (!parsed) {
        result.error = for_input_string(value, 16);
        return result;
      }
      version = *parsed;
    }
  }
  std::size_t participants = 0;
  for (const auto& s : servers) participants += s.observer ? 0 : 1;
  const std::size_t observers = servers.size() - participants;
  if (participants == 0 && observers > 0) {
    result.error = "Observers w/o participants is an invalid configuration";
    return result;
  }
  if (participants == 1 && observers > 0) {
    result.error = "Observers w/o quorum is an invalid configuration";
    return result;
  }
  std::sort(servers.begin(), servers.end(), [](const auto& x, const auto& y) { return x.sid < y.sid; });
  for (const auto& s : servers) result.members += "server." + std::to_string(s.sid) + "=" + s.text + "\n";
  char hex[32];
  std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(version));
  result.members += std::string("version=") + hex;
  return result;
}

}  // namespace zs::client
