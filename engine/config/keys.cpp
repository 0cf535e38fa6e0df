#include "config/keys.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace zs::config {
namespace {

// Keys zooscope reads into ZooCfg fields.
constexpr std::array kModelledKeys = {"tickTime",
                                      "initLimit",
                                      "syncLimit",
                                      "dataDir",
                                      "dataLogDir",
                                      "clientPort",
                                      "clientPortAddress",
                                      "maxClientCnxns",
                                      "minSessionTimeout",
                                      "maxSessionTimeout",
                                      "autopurge.snapRetainCount",
                                      "autopurge.purgeInterval",
                                      "4lw.commands.whitelist",
                                      "admin.enableServer",
                                      "admin.serverAddress",
                                      "admin.serverPort",
                                      "peerType",
                                      "electionAlg",
                                      "standaloneEnabled",
                                      "reconfigEnabled",
                                      "dynamicConfigFile"};

// QuorumPeerConfig.parseProperties keys zooscope does not simulate; kept in other_keys, with
// ZooKeeper's own value checks.
constexpr std::array kQpcBoolKeys = {"localSessionsEnabled",
                                     "localSessionsUpgradingEnabled",
                                     "quorumListenOnAllIPs",
                                     "syncEnabled",
                                     "sslQuorum",
                                     "portUnification",
                                     "sslQuorumReloadCertFiles",
                                     "quorum.auth.enableSasl",
                                     "quorum.auth.serverRequireSasl",
                                     "quorum.auth.learnerRequireSasl",
                                     "jvm.pause.monitor",
                                     "multiAddress.enabled",
                                     "multiAddress.reachabilityCheckEnabled"};
constexpr std::array kQpcIntKeys = {
    "secureClientPort",         "observerMasterPort",
    "clientPortListenBacklog",  "connectToLearnerMasterLimit",
    "quorum.cnxn.threads.size", "multiAddress.reachabilityCheckTimeoutMs"};
constexpr std::array kQpcLongKeys = {"jvm.pause.info-threshold.ms", "jvm.pause.warn-threshold.ms",
                                     "jvm.pause.sleep.time.ms"};
constexpr std::array kQpcTextKeys = {"secureClientPortAddress",
                                     "quorum.auth.learner.saslLoginContext",
                                     "quorum.auth.server.saslLoginContext",
                                     "quorum.auth.kerberos.servicePrincipal",
                                     "metricsProvider.className",
                                     "oraclePath"};

// ZooKeeper 3.8 server system properties, without their "zookeeper." prefix: legal in
// zoo.cfg, because QuorumPeerConfig turns an unknown key k into zookeeper.k.
constexpr std::array kSystemPropertyKeys = {"DigestAuthenticationProvider.digestAlg",
                                            "DigestAuthenticationProvider.enabled",
                                            "DigestAuthenticationProvider.superDigest",
                                            "SASLAuthenticationProvider.superPassword",
                                            "X509AuthenticationProvider.superUser",
                                            "admin.commandURL",
                                            "admin.forceHttps",
                                            "admin.httpVersion",
                                            "admin.idleTimeout",
                                            "admin.portUnification",
                                            "allowSaslFailedClients",
                                            "audit.enable",
                                            "audit.impl.class",
                                            "bitHashCacheSize",
                                            "client.portUnification",
                                            "clientTcpKeepAlive",
                                            "closeSessionTxn.enabled",
                                            "cnxTimeout",
                                            "commitLogCount",
                                            "commitProcessor.maxCommitBatchSize",
                                            "commitProcessor.maxReadBatchSize",
                                            "commitProcessor.numWorkerThreads",
                                            "commitProcessor.shutdownTimeout",
                                            "connection_throttle_decrease_ratio",
                                            "connection_throttle_drop_decrease",
                                            "connection_throttle_drop_increase",
                                            "connection_throttle_fill_count",
                                            "connection_throttle_fill_time",
                                            "connection_throttle_freeze_time",
                                            "connection_throttle_global_session_weight",
                                            "connection_throttle_local_session_weight",
                                            "connection_throttle_renew_session_weight",
                                            "connection_throttle_tokens",
                                            "connection_throttle_weight_enabled",
                                            "datadir.autocreate",
                                            "db.autocreate",
                                            "digest.enabled",
                                            "electionPortBindRetry",
                                            "emulate353TTLNodes",
                                            "enableEagerACLCheck",
                                            "enforce.auth.enabled",
                                            "enforce.auth.schemes",
                                            "enforceQuota",
                                            "ensembleAuthName",
                                            "extendedTypesEnabled",
                                            "fastleader.maxNotificationInterval",
                                            "fastleader.minNotificationInterval",
                                            "flushDelay",
                                            "follower.skipLearnerRequestToNextProcessor",
                                            "forceSnapshotSync",
                                            "forceSync",
                                            "forward_learner_requests_to_commit_processor_disabled",
                                            "fsync.warningthresholdms",
                                            "globalOutstandingLimit",
                                            "intBufferStartingSizeBytes",
                                            "jmx.log4j.disable",
                                            "jute.maxbuffer.extrasize",
                                            "kerberos.canonicalizeHostNames",
                                            "kerberos.removeHostFromPrincipal",
                                            "kerberos.removeRealmFromPrincipal",
                                            "largeRequestMaxBytes",
                                            "largeRequestThreshold",
                                            "leader.ackLoggingFrequency",
                                            "leader.closeSocketAsync",
                                            "leader.maxConcurrentDiffSyncs",
                                            "leader.maxConcurrentSnapSyncs",
                                            "leader.maxTimeToWaitForEpoch",
                                            "leaderConnectDelayDuringRetryMs",
                                            "leaderServes",
                                            "learner.asyncSending",
                                            "learner.closeSocketAsync",
                                            "maxBatchSize",
                                            "maxCnxns",
                                            "maxGetChildrenResponseCacheSize",
                                            "maxInProcessingDeadWatchers",
                                            "maxResponseCacheSize",
                                            "maxWriteQueuePollTime",
                                            "messageTracker.BufferSize",
                                            "messageTracker.Enabled",
                                            "netty.advancedFlowControl.enabled",
                                            "netty.server.earlyDropSecureConnectionHandshakes",
                                            "netty.server.outstandingHandshake.limit",
                                            "nio.directBufferBytes",
                                            "nio.numSelectorThreads",
                                            "nio.numWorkerThreads",
                                            "nio.sessionlessCnxnTimeout",
                                            "nio.shutdownTimeout",
                                            "observer.election.DelayMs",
                                            "observer.reconnectDelayMs",
                                            "observer.syncEnabled",
                                            "observerMaster.sizeLimit",
                                            "preAllocSize",
                                            "quorumCnxnTimeoutMs",
                                            "request_stale_connection_check",
                                            "request_stale_latency_check",
                                            "request_throttle_drop_stale",
                                            "request_throttle_max_requests",
                                            "request_throttle_stall_time",
                                            "request_throttler.shutdownTimeout",
                                            "requireKerberosConfig",
                                            "sessionRequireClientSASLAuth",
                                            "skipACL",
                                            "snapCount",
                                            "snapSizeLimitInKb",
                                            "snapshot.compression.method",
                                            "snapshot.trust.empty",
                                            "snapshotSizeFactor",
                                            "superUser",
                                            "tcpKeepAlive",
                                            "throttled_op_wait_time",
                                            "txnLogSizeLimitInKb",
                                            "watchManagerName",
                                            "watcherCleanIntervalInSeconds",
                                            "watcherCleanThreadsNum",
                                            "watcherCleanThreshold",
                                            "znode.container.checkIntervalMs",
                                            "znode.container.maxPerMinute",
                                            "znode.container.maxNeverUsedIntervalMs"};
// Families of system properties (TLS settings, auth providers, path statistics).
constexpr std::array kSystemPropertyPrefixes = {"ssl.", "authProvider.", "pathStats."};
// JVM properties ZooKeeper reads WITHOUT the zookeeper. prefix: useless in zoo.cfg.
constexpr std::array kJvmOnlyKeys = {"jute.maxbuffer", "readonlymode.enabled"};

constexpr std::array kFourLetterWords = {"conf", "cons", "crst", "dirs", "dump", "envi",
                                         "gtmk", "ruok", "stmk", "srst", "srvr", "stat",
                                         "wchc", "wchp", "wchs", "mntr", "isro", "hash"};

template <std::size_t N>
bool contains(const std::array<const char*, N>& a, std::string_view k) {
  return std::any_of(a.begin(), a.end(), [&](const char* x) { return k == x; });
}

// Edit distance (optimal string alignment), case-insensitive: a key that differs only in
// case gets 0, and ZooKeeper keys are case-sensitive, so that is worth a suggestion too.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

template <class Range>
std::string closest(std::string_view word, const Range& candidates) {
  std::size_t limit = word.size() <= 4 ? 1 : 2;
  std::string best;
  std::size_t best_d = limit + 1;
  for (std::string_view c : candidates) {
    // The distance is at least the length difference: skipping those keeps a long key
    // (a binary file passed as zoo.cfg) from costing length x candidates x table cells.
    std::size_t length_gap =
        word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
    if (length_gap >= best_d) continue;
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = std::string(c);
    }
  }
  return best;
}

}  // namespace

KeyKind classify_key(std::string_view k) {
  if (contains(kModelledKeys, k)) return KeyKind::Modelled;
  if (contains(kQpcBoolKeys, k)) return KeyKind::QpcBool;
  if (contains(kQpcIntKeys, k)) return KeyKind::QpcInt;
  if (contains(kQpcLongKeys, k)) return KeyKind::QpcLong;
  if (contains(kQpcTextKeys, k) || k.substr(0, 16) == "metricsProvider.") return KeyKind::QpcText;
  if (contains(kJvmOnlyKeys, k)) return KeyKind::JvmOnly;
  if (contains(kSystemPropertyKeys, k)) return KeyKind::SystemProperty;
  bool family = std::any_of(kSystemPropertyPrefixes.begin(), kSystemPropertyPrefixes.end(),
                            [&](std::string_view p) { return k.substr(0, p.size()) == p; });
  return family ? KeyKind::SystemProperty : KeyKind::Unknown;
}

std::string closest_known_key(std::string_view key) {
  static const std::vector<std::string_view> known = [] {
    std::vector<std::string_view> keys;
    auto add = [&](const auto& a) { keys.insert(keys.end(), a.begin(), a.end()); };
    add(kModelledKeys);
    add(kQpcBoolKeys);
    add(kQpcIntKeys);
    add(kQpcLongKeys);
    add(kQpcTextKeys);
    add(kSystemPropertyKeys);
    return keys;
  }();
  return closest(key, known);
}

bool is_four_letter_word(std::string_view word) { return contains(kFourLetterWords, word); }

std::string closest_four_letter_word(std::string_view word) {
  return closest(word, kFourLetterWords);
}

std::string four_letter_word_list() {
  std::vector<std::string_view> words(kFourLetterWords.begin(), kFourLetterWords.end());
  std::sort(words.begin(), words.end());
  std::string out;
  for (std::string_view w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

}  // namespace zs::config
