// How a message looks wherever it is drawn (the cluster diagram, the timeline, the SVG
// export): its family, colour and short label. One table, so colours stay consistent.
#pragma once

#include <string>
#include <string_view>

#include <imgui.h>

#include "core/messages.hpp"
#include "core/prng.hpp"

namespace zs::gui {

enum class MessageFamily : std::uint8_t {
  Vote,      // election notification
  Connect,   // opening an election connection
  Epoch,     // FOLLOWERINFO / OBSERVERINFO / LEADERINFO / ACKEPOCH (discovery)
  Sync,      // DIFF / TRUNC / SNAP / NEWLEADER / UPTODATE (synchronization)
  Request,   // REQUEST (a write forwarded to the leader), REVALIDATE, SYNC
  Proposal,  // PROPOSAL
  Ack,       // ACK
  Commit,    // COMMIT / INFORM
  Ping,      // PING
};
inline constexpr MessageFamily kMessageFamilies[] = {
    MessageFamily::Vote,    MessageFamily::Connect,  MessageFamily::Epoch,
    MessageFamily::Sync,    MessageFamily::Request,  MessageFamily::Proposal,
    MessageFamily::Ack,     MessageFamily::Commit,   MessageFamily::Ping};

MessageFamily family_of(const Message& m);
ImU32 family_color(MessageFamily f);
std::string_view family_key(MessageFamily f);  // i18n key of the legend's one-line help
std::string_view family_name(MessageFamily f);  // "vote", "PROPOSAL", ... (untranslated)
// The family in the legends, in the current language ("vote" -> 选票; packet names such as
// PROPOSAL stay, as the dots' labels show them).
const char* family_label(MessageFamily f);
// A Zab phase in the current language ("broadcast" -> 广播).
const char* zab_phase_name(ZabState z);

// The label drawn next to a message: `vote(3, 0x100000002) e=2`, `PROPOSAL 0x100000003`,
// `ACK 0x100000003`, `DIFF 0x100000001`, `PING`.
// DIFF, TRUNC or SNAP; "-" for none.
const char* sync_name(SyncMode m);

// A REQUEST has no zxid (-1 on the wire): it shows what it asks for, `words`
// ("REQUEST create /zk_test", payload_words), or just REQUEST.
std::string message_label(const Message& m, std::string_view words = {});

// A link's loss as a whole percentage, for the sliders.
inline int loss_percent(Ratio r) {
  return r.denominator == 0 ? 0 : static_cast<int>(100U * r.numerator / r.denominator);
}

}  // namespace zs::gui
