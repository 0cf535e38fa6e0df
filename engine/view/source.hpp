// The seam under the views: a ClusterSource fills the ClusterView the window draws. The
// simulated run is one source (view/sim_source.hpp); an attached real ensemble and a live one
// behind zooscope's relay are the next ones. A source says what it can observe and do
// (ClusterView::observes); the views show "not observable here" for the rest.
#pragma once

#include <optional>
#include <string>

#include "run/happening.hpp"
#include "view/causality.hpp"
#include "view/cluster_view.hpp"

namespace zs::view {

// How the window wants the model (the source does not keep display state).
struct Display {
  bool hide_pings = true;  // the log's PING filter
  std::optional<MessagePick> pick;  // the message whose causes and effects are highlighted
};

class ClusterSource {
 public:
  virtual ~ClusterSource() = default;
  virtual Observes observes() const = 0;
  // Fills `model` for this frame (servers, links, messages, trees, trace, votes, Zab, consoles).
  // What the model points to stays valid until the source changes.
  virtual void fill(ClusterView& model, const Display& display) = 0;
  // The newest notable event, as a sentence key and arguments (the window translates it).
  virtual std::optional<run::Happening> last_happening() const = 0;
};

}  // namespace zs::view
