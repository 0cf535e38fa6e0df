// The simulated run as a ClusterSource: everything is observable, every fault can be
// injected, and time steps both ways.
#pragma once

#include "run/run.hpp"
#include "view/causality.hpp"
#include "view/model.hpp"
#include "view/model_txlog.hpp"
#include "view/model_votes.hpp"
#include "view/model_zab.hpp"
#include "view/source.hpp"

namespace zs::view {

class SimSource final : public ClusterSource {
 public:
  explicit SimSource(const run::Run& run) : run_(run) {}
  Observes observes() const override { return Observes{}; }
  void fill(ClusterView& model, const Display& display) override;
  std::optional<run::Happening> last_happening() const override { return run_.last_happening(); }

 private:
  const run::Run& run_;
  RecentTrace recent_;
  VotesCache votes_cache_;  // the votes and Zab tabs' incremental trace scans
  ZabCache zab_cache_;
  TxlogCache txlog_cache_;  // the transaction logs tab
  CausalityCache causality_;  // the picked message's chain
  std::size_t writes_scanned_ = 0;  // the trace read so far for scripted writes
  std::uint64_t writes_generation_ = 0;
  Sid writes_via_ = 0;              // the server the newest one went in through
};

// Where each of the simulator's steps begins and ends in its trace (the trace itself does not
// mark it): for the causality model.
StepOf steps_of(const Simulator& sim);

}  // namespace zs::view
