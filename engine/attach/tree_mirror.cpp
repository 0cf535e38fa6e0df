#include "attach/tree_mirror.hpp"

#include <utility>

namespace zs::attach {
namespace {

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? std::string("/") : path.substr(0, slash);
}

std::string child_of(const std::string& parent, const std::string& name) {
  return parent == "/" ? "/" + name : parent + "/" + name;
}

}  // namespace

TreeMirror::TreeMirror(Submit submit, Options options)
    : submit_(std::move(submit)), options_(options), mode_(options.persistent_watch ? Mode::Unknown : Mode::OneShot) {}

void TreeMirror::load() {
  ++load_epoch_;
  loaded_ = false;
  loading_ = true;
  acls_loaded_ = false;
  acl_outstanding_ = 0;
  load_outstanding_ = 0;
  nodes_read_ = 0;
  queue_.clear();  // reads queued for the old connection: the load reads everything again
  acl_.clear();
  if (mode_ != Mode::OneShot) {
    arm_watch();  // the reads start when it is answered, with or without one-shot watches
    return;
  }
  read(Read::Node, "/");
}

void TreeMirror::arm_watch() {
  ++in_flight_;
  ++sent_;
  const std::uint64_t epoch = load_epoch_;
  submit_(AddWatchRequest{"/", WatcherMode::PersistentRecursive}, [this, epoch](Code err, const ClientResult&) {
    --in_flight_;
    mode_ = err == Code::Ok ? Mode::Persistent : Mode::OneShot;
    if (epoch == load_epoch_) read(Read::Node, "/");
    pump();
  });
}

void TreeMirror::read(Read what, std::string path) {
  if (loading_) ++load_outstanding_;
  queue_.push_back(Pending{what, std::move(path)});
  // A pending read carries whether it belongs to the load through load_outstanding_ only:
  // events during the load are reads of the load too (they must be answered before the
  // tree is whole).
  pump();
}

void TreeMirror::pump() {
  while (!queue_.empty() && in_flight_ < options_.max_in_flight) {
    Pending p = std::move(queue_.front());
    queue_.pop_front();
    send(p);
  }
}

void TreeMirror::send(const Pending& p) {
  const bool watch = watch_reads();
  const std::uint64_t epoch = load_epoch_;
  auto answer = [this, p, epoch](Code err, const ClientResult& r) {
    --in_flight_;
    if (epoch == load_epoch_) answered(p, err, r);
    if (epoch == load_epoch_ && loading_ && p.what != Read::Acl && load_outstanding_ > 0 && --load_outstanding_ == 0) {
      loading_ = false;
      loaded_ = true;
      ++generation_;
      read_acls();
    }
    if (epoch == load_epoch_ && p.what == Read::Acl && acl_outstanding_ > 0 && --acl_outstanding_ == 0) {
      acls_loaded_ = true;
      ++generation_;
    }
    pump();
  };
  switch (p.what) {
    case Read::Node: {
      // A node seen after the load: getACL first, whose answer comes before getData's
      // (answers keep request order), so the node is put once, with its ACL. During a load
      // the ACLs come in the second pass.
      if (!loading_) {
        ++in_flight_;
        ++sent_;
        submit_(ReadRequest{opcode::kGetAcl, p.path, false},
                [this, path = p.path, epoch](Code err, const ClientResult& r) {
                  --in_flight_;
                  if (epoch == load_epoch_ && err == Code::Ok) acl_[path] = r.acl;
                });
      }
      ++in_flight_;
      ++sent_;
      submit_(ReadRequest{opcode::kGetData, p.path, watch}, answer);
      break;
    }
    case Read::Data:
      ++in_flight_;
      ++sent_;
      submit_(ReadRequest{opcode::kGetData, p.path, watch}, answer);
      break;
    case Read::Children:
      ++in_flight_;
      ++sent_;
      submit_(ReadRequest{opcode::kGetChildren2, p.path, watch}, answer);
      break;
    case Read::Stat:
      ++in_flight_;
      ++sent_;
      submit_(ReadRequest{opcode::kExists, p.path, false}, answer);
      break;
    case Read::Acl:
      ++in_flight_;
      ++sent_;
      submit_(ReadRequest{opcode::kGetAcl, p.path, false}, answer);
      break;
  }
}

void TreeMirror::read_acls() {
  std::vector<std::string> paths{"/"};
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto c = tree_.get_children(paths[i]);
    if (!c) continue;
    for (const std::string& name : c->children) paths.push_back(child_of(paths[i], name));
  }
  acl_outstanding_ = paths.size();
  for (std::string& p : paths) queue_.push_back(Pending{Read::Acl, std::move(p)});
  pump();
}

void TreeMirror::answered(const Pending& p, Code err, const ClientResult& r) {
  if (err == Code::NoNode) {
    acl_.erase(p.path);
    if (tree_.mirror_remove(p.path) > 0) {
      ++generation_;
      if (!loading_) note(EventType::NodeDeleted, p.path);
    }
    return;
  }
  if (err != Code::Ok) return;  // the connection went: the next load reads it again
  switch (p.what) {
    case Read::Node: {
      ++nodes_read_;
      const bool is_new = !tree_.exists(p.path).has_value();
      auto acl = acl_.find(p.path);
      const Code put = tree_.mirror_put(p.path, r.data, r.null_data, r.stat,
                                        acl == acl_.end() ? nullptr : &acl->second);
      if (acl != acl_.end()) acl_.erase(acl);
      if (put != Code::Ok) return;  // its parent went meanwhile
      ++generation_;
      if (is_new && !loading_) note(EventType::NodeCreated, p.path);
      // One-shot mode needs a child watch on every node; otherwise only parents are listed.
      if (r.stat.num_children > 0 || watch_reads()) read(Read::Children, p.path);
      break;
    }
    case Read::Data:
    case Read::Stat: {
      const auto have = tree_.get_data(p.path);
      if (!have) {
        if (p.what == Read::Data) read(Read::Node, p.path);  // not mirrored yet: all of it
        return;
      }
      const bool data_changed = p.what == Read::Data && (have->data != r.data || have->stat.mzxid != r.stat.mzxid);
      tree_.mirror_put(p.path, p.what == Read::Data ? r.data : have->data,
                       p.what == Read::Data ? r.null_data : have->null_data, r.stat, nullptr);
      ++generation_;
      if (data_changed && !loading_) note(EventType::NodeDataChanged, p.path);
      break;
    }
    case Read::Acl:
      if (tree_.mirror_acl(p.path, r.acl) == Code::Ok) ++generation_;
      break;
    case Read::Children: {
      const auto have = tree_.get_data(p.path);
      if (!have) return;
      tree_.mirror_put(p.path, have->data, have->null_data, r.stat, nullptr);
      // Children gone from the answer go silently: their own NodeDeleted says it (a one-shot
      // data watch, or the recursive watch).
      for (const std::string& name : tree_.mirror_children(p.path, r.children))
        read(Read::Node, child_of(p.path, name));
      ++generation_;
      break;
    }
  }
}

void TreeMirror::on_watch(const console::HandleWatch& w) {
  if (w.path.empty()) return;  // a state event (type None)
  switch (w.type) {
    case EventType::NodeCreated:
      read(Read::Node, w.path);
      if (w.path != "/") read(Read::Stat, parent_of(w.path));
      break;
    case EventType::NodeDeleted:
      acl_.erase(w.path);
      if (tree_.mirror_remove(w.path) > 0) {
        ++generation_;
        note(EventType::NodeDeleted, w.path);
      }
      if (w.path != "/") read(Read::Stat, parent_of(w.path));
      break;
    case EventType::NodeDataChanged: read(Read::Data, w.path); break;
    case EventType::NodeChildrenChanged: read(Read::Children, w.path); break;
    default: break;
  }
}

void TreeMirror::note(EventType type, const std::string& path) { changes_.push_back(Change{type, path}); }

}  // namespace zs::attach
