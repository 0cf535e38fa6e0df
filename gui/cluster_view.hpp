// The model the views draw is the engine's (view/cluster_view.hpp): the views name its types
// as their own.
#pragma once

#include "view/cluster_view.hpp"

namespace zs::gui {

using view::ClientKind;
using view::ClientModel;
using view::ClusterView;
using view::ConsoleModel;
using view::index_in;
using view::kTxlogBoxes;
using view::kUnknownTxnType;
using view::Observes;
using view::TxBox;
using view::TxlogModel;
using view::TxlogRow;
using view::VoteCell;
using view::VoteCheck;
using view::VoteSwitch;
using view::VoteWhy;
using view::VotesModel;
using view::VoteTally;
using view::ZabModel;
using view::ZabProposal;
using view::ZabSyncNote;

}  // namespace zs::gui
