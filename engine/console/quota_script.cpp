#include "console/quota_script.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "data/quota.hpp"
#include "data/txn.hpp"

namespace zs::console {
namespace {

using quota::StatsTrack;

// How a replay stops: the next request has no answer yet, a KeeperException (CliWrapperException
// prints its message), or an IllegalArgumentException (MalformedPathException prints it).
struct NeedAnswer {
  ClientCall call;
  std::string path;
};
struct KeeperError {
  Code code;
  std::string path;
};
struct IllegalArgument {
  std::string message;
};

class Replay {
 public:
  explicit Replay(const std::vector<QuotaAnswer>& answers) : answers_(answers) {}

  // One blocking call: its answer, or the replay stops here.
  const QuotaAnswer& ask(ClientCall call, const std::string& path) {
    if (next_ < answers_.size()) return answers_[next_++];
    throw NeedAnswer{std::move(call), path};
  }
  // A call whose failure is a KeeperException for the caller.
  const QuotaAnswer& must(ClientCall call, const std::string& path) {
    const QuotaAnswer& a = ask(std::move(call), path);
    if (a.err != Code::Ok) throw KeeperError{a.err, path};
    return a;
  }

  // zk.exists(path, false): whether the node is there (NoNode is "no", not an error).
  bool exists(const std::string& path) {
    const QuotaAnswer& a = ask(ReadRequest{opcode::kExists, path, false}, path);
    if (a.err == Code::NoNode) return false;
    if (a.err != Code::Ok) throw KeeperError{a.err, path};
    return true;
  }
  std::string get_data(const std::string& path) {
    return must(ReadRequest{opcode::kGetData, path, false}, path).result.data;
  }
  std::vector<std::string> get_children(const std::string& path) {
    return must(ReadRequest{opcode::kGetChildren, path, false}, path).result.children;
  }
  // create(path, data, OPEN_ACL_UNSAFE, PERSISTENT); nullopt data is Java's null.
  Code create(const std::string& path, std::optional<std::string> data) {
    CreateRequest c;
    c.path = path;
    c.null_data = !data.has_value();
    c.data = data.value_or("");
    c.acl = open_acl_unsafe();
    return ask(WriteRequest{std::move(c)}, path).err;
  }
  void set_data(const std::string& path, std::string data) {
    must(WriteRequest{SetDataRequest{path, std::move(data), -1}}, path);
  }
  void remove(const std::string& path) { must(WriteRequest{DeleteRequest{path, -1}}, path); }

 private:
  const std::vector<QuotaAnswer>& answers_;
  std::size_t next_ = 0;
};

// String.split("/") of a valid path: its names, with the empty one before the first '/'.
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  while (!parts.empty() && parts.back().empty()) parts.pop_back();  // Java drops trailing ""
  return parts;
}

bool has_limits(const std::vector<std::string>& children) {
  return std::find(children.begin(), children.end(), quota::kLimitNode) != children.end();
}

// checkIfChildQuota: ZKUtil.visitSubTreeDFS over /zookeeper/quota<path>; for each node visited
// the callback lists its children again, and a zookeeper_limits below the quota's own node
// means a child has a quota. NoNode anywhere just ends that part of the walk.
void check_child_quota(Replay& r, const std::string& path) {
  const std::string real = quota::quota_path(path);
  if (auto e = client::path_error(real)) throw IllegalArgument{*e};
  auto visit = [&](const std::string& node) {
    const QuotaAnswer& a = r.ask(ReadRequest{opcode::kGetChildren, node, false}, node);
    // NoNode: removed meanwhile. Another error is printed as a stack trace by zkCli and the
    // walk goes on; zooscope goes on without the trace.
    if (a.err != Code::Ok) return;
    if (node != real && has_limits(a.result.children)) {
      throw IllegalArgument{path + " has a child " + node.substr(quota::kQuotaRoot.size()) + " which has a quota"};
    }
  };
  const QuotaAnswer& root = r.ask(ReadRequest{opcode::kGetData, real, false}, real);
  if (root.err == Code::NoNode) return;
  if (root.err != Code::Ok) throw KeeperError{root.err, real};
  visit(real);
  // visitSubTreeDFSHelper: list (sorted), call back for each child, then descend into each.
  auto helper = [&](auto&& self, const std::string& node) -> void {
    const QuotaAnswer& a = r.ask(ReadRequest{opcode::kGetChildren, node, false}, node);
    if (a.err == Code::NoNode) return;
    if (a.err != Code::Ok) throw KeeperError{a.err, node};
    std::vector<std::string> children = a.result.children;
    std::sort(children.begin(), children.end());
    for (const std::string& c : children) visit(node + "/" + c);
    for (const std::string& c : children) self(self, node + "/" + c);
  };
  helper(helper, real);
}

// checkIfParentQuota: each proper ancestor's quota node, from the top, until one is missing
// or empty.
void check_parent_quota(Replay& r, const std::string& path) {
  const std::vector<std::string> splits = split_path(path);
  std::string node(quota::kQuotaRoot);
  for (std::size_t i = 1; i + 1 < splits.size(); ++i) {
    node += "/" + splits[i];
    const QuotaAnswer& a = r.ask(ReadRequest{opcode::kGetChildren, node, false}, node);
    if (a.err == Code::NoNode) return;
    if (a.err != Code::Ok) throw KeeperError{a.err, node};
    if (a.result.children.empty()) return;
    if (has_limits(a.result.children)) {
      throw IllegalArgument{path + " has a parent " + node.substr(quota::kQuotaRoot.size()) + " which has a quota"};
    }
  }
}

// SetQuotaCommand.checkQuota: a limit below what the subtree already holds is only a warning.
void warn_if_below(const StatsTrack& limit, const StatsTrack& stats, client::Printed& out) {
  if ((limit.count() > -1 && limit.count() < stats.count()) ||
      (limit.count_hard_limit() > -1 && limit.count_hard_limit() < stats.count())) {
    out.out("[Warning]: the count quota you create is less than the existing count:" + std::to_string(stats.count()) +
            "\n");
  }
  if ((limit.bytes() > -1 && limit.bytes() < stats.bytes()) ||
      (limit.byte_hard_limit() > -1 && limit.byte_hard_limit() < stats.bytes())) {
    out.out("[Warning]: the bytes quota you create is less than the existing bytes:" + std::to_string(stats.bytes()) +
            "\n");
  }
}

// SetQuotaCommand.createQuota.
void set_quota(Replay& r, const client::SetQuotaCmd& c, client::Printed& out) {
  const std::string& path = c.path;
  if (!r.exists(path)) throw IllegalArgument{path + " does not exist."};
  check_child_quota(r, path);
  check_parent_quota(r, path);
  std::string node(quota::kQuotaRoot);
  if (!r.exists(node)) {
    // Never so on a 3.8 server (the node cannot be deleted); kept for the request sequence.
    for (const char* p : {"/zookeeper", "/zookeeper/quota"}) {
      const Code e = r.create(p, std::nullopt);
      if (e == Code::NodeExists) break;
      if (e != Code::Ok) throw KeeperError{e, p};
    }
  }
  const std::vector<std::string> splits = split_path(path);
  for (std::size_t i = 1; i < splits.size(); ++i) {
    node += "/" + splits[i];
    if (r.exists(node)) continue;
    const Code e = r.create(node, std::nullopt);
    if (e != Code::Ok && e != Code::NodeExists) throw KeeperError{e, node};
  }
  const std::string stat_node = node + "/" + std::string(quota::kStatNode);
  const std::string limit_node = node + "/" + std::string(quota::kLimitNode);
  StatsTrack limit;
  if (!r.exists(limit_node)) {
    limit.set_count(c.count);
    limit.set_bytes(c.bytes);
    limit.set_count_hard_limit(c.count_hard_limit);
    limit.set_byte_hard_limit(c.byte_hard_limit);
    if (Code e = r.create(limit_node, limit.text()); e != Code::Ok) throw KeeperError{e, limit_node};
    StatsTrack zero;
    zero.set_count(0);
    zero.set_bytes(0);
    if (Code e = r.create(stat_node, zero.text()); e != Code::Ok) throw KeeperError{e, stat_node};
    const StatsTrack written(r.get_data(limit_node));
    const StatsTrack stats(r.get_data(stat_node));
    warn_if_below(written, stats, out);
    return;
  }
  limit = StatsTrack(r.get_data(limit_node));
  if (c.count > -1) limit.set_count(c.count);
  if (c.bytes > -1) limit.set_bytes(c.bytes);
  if (c.count_hard_limit > -1) limit.set_count_hard_limit(c.count_hard_limit);
  if (c.byte_hard_limit > -1) limit.set_byte_hard_limit(c.byte_hard_limit);
  const StatsTrack stats(r.get_data(stat_node));
  warn_if_below(limit, stats, out);
  r.set_data(limit_node, limit.text());
}

// ListQuotaCommand: both nodes are read before anything is printed.
void list_quota(Replay& r, const client::ListQuotaCmd& c, client::Printed& out) {
  const StatsTrack limit(r.get_data(quota::limit_path(c.path)));
  const StatsTrack stats(r.get_data(quota::stat_path(c.path)));
  out.out("Output quota for " + c.path + " " + limit.text() + "\n");
  out.out("Output stat for " + c.path + " " + stats.text() + "\n");
}

// DelQuotaCommand.delQuota and trimProcQuotas.
void del_quota(Replay& r, const client::DelQuotaCmd& c, client::Printed& out) {
  const std::string parent = quota::quota_path(c.path);
  const std::string limit_node = quota::limit_path(c.path);
  if (!r.exists(limit_node)) {
    out.out("Quota does not exist for " + c.path + "\n");
    return;
  }
  StatsTrack limit(r.get_data(limit_node));
  if (!c.whole()) {
    if (c.count) limit.set_count(-1);
    if (c.bytes) limit.set_bytes(-1);
    if (c.count_hard_limit) limit.set_count_hard_limit(-1);
    if (c.byte_hard_limit) limit.set_byte_hard_limit(-1);
    r.set_data(limit_node, limit.text());
    return;
  }
  for (const std::string& child : r.get_children(parent)) r.remove(parent + "/" + child);
  // Up the quota tree while the nodes are left empty.
  for (std::string node = parent; node != quota::kQuotaRoot;) {
    if (!r.get_children(node).empty()) break;
    r.remove(node);
    node = node.substr(0, node.rfind('/'));
  }
}

}  // namespace

QuotaProgress quota_step(const QuotaCommand& command, const std::vector<QuotaAnswer>& answers) {
  QuotaProgress p;
  Replay r(answers);
  const std::string& path = std::visit([](const auto& c) -> const std::string& { return c.path; }, command);
  try {
    if (const auto* s = std::get_if<client::SetQuotaCmd>(&command)) set_quota(r, *s, p.printed);
    if (const auto* l = std::get_if<client::ListQuotaCmd>(&command)) list_quota(r, *l, p.printed);
    if (const auto* d = std::get_if<client::DelQuotaCmd>(&command)) del_quota(r, *d, p.printed);
  } catch (NeedAnswer& n) {
    p.next = std::move(n.call);
    p.next_path = std::move(n.path);
    p.printed = {};
  } catch (const KeeperError& e) {
    // listquota and delquota print NoNode as "quota for PATH does not exist." and end normally.
    if (e.code == Code::NoNode && !std::holds_alternative<client::SetQuotaCmd>(command)) {
      p.printed.err("quota for " + path + " does not exist.\n");
    } else {
      p.printed.append(client::print_error(e.code, e.path));
      p.failed = true;
    }
  } catch (const IllegalArgument& e) {
    p.printed.err(e.message + "\n");
    p.failed = true;
  }
  return p;
}

}  // namespace zs::console
