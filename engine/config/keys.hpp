// What zooscope knows about zoo.cfg keys besides the ones it reads (docs/config.md §3.2):
// ZooKeeper 3.8's QuorumPeerConfig keys and the system properties that work from zoo.cfg.
#pragma once

#include <string>
#include <string_view>

namespace zs::config {

enum class KeyKind {
  Modelled,  // read into a ZooCfg field
  QpcBool,   // QuorumPeerConfig keys zooscope does not simulate, by the value check
  QpcInt,    //   ZooKeeper applies to them
  QpcLong,
  QpcText,
  SystemProperty,  // a ZooKeeper system property: key k in zoo.cfg sets zookeeper.k
  JvmOnly,         // read by ZooKeeper without the zookeeper. prefix: no effect in zoo.cfg
  Unknown,
};

// server.N, group.N and weight.N are not covered: the parser handles them first.
KeyKind classify_key(std::string_view key);

// The known key (not JvmOnly) closest to `key`, within 1 edit for words of up to 4
// letters and 2 edits otherwise, ignoring case; "" when none is that close.
std::string closest_known_key(std::string_view key);

bool is_four_letter_word(std::string_view word);
std::string closest_four_letter_word(std::string_view word);  // same rule as above
std::string four_letter_word_list();                          // "conf, cons, ..., wchs"

}  // namespace zs::config
