// The tree and console tabs' part of the per-frame model (model_tree.hpp).
#include "view/model_tree.hpp"

#include "peer/quorum_peer.hpp"

namespace zs::view {

void fill_tree_model(const Simulator& sim, ClusterView& model) {
  model.watches.assign(model.peers.size(), nullptr);
  for (std::size_t i = 0; i < model.peers.size(); ++i) {
    if (const QuorumPeer* p = sim.peer_object(model.peers[i].sid)) model.watches[i] = &p->watches();
  }
}

}  // namespace zs::view
