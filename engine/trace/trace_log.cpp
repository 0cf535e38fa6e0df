#include "trace/trace_log.hpp"

#include <array>
#include <cstring>
#include <ostream>
#include <string>
#include <utility>

#include "core/assert.hpp"


namespace zs {

namespace {

// ---------------------------------------------------------------- the record format
//
// Word 0: bits 0-47 the time, 48-55 the TraceBody index, 56-59 the Message index (message
// events), bit 62 set when a sid does not fit 32 bits, bit 63 for a delivery stored by
// reference. Then, by body:
//   MessageSent      id, deliver_at, sids, message
//   MessageDelivered id, sent_at, sids, message   | by reference: the send's record index
//   MessageDropped   id, sent_at, reason, sids, message
//   anything else    the struct's bytes
// where sids is one word (source | target << 32) or two, and every field is padded to 8.

constexpr unsigned kBodyShift = 48;
constexpr unsigned kMsgShift = 56;
constexpr std::uint64_t kAtMask = (std::uint64_t{1} << kBodyShift) - 1;
constexpr std::uint64_t kWideSids = std::uint64_t{1} << 62;
constexpr std::uint64_t kByRef = std::uint64_t{1} << 63;
constexpr std::size_t kWordsPerChunk = TraceLog::kChunkBytes / 8;

template <class T>
constexpr std::size_t words() {
  return (sizeof(T) + 7) / 8;
}

template <class T>
void put(std::uint64_t*& w, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  w[words<T>() - 1] = 0;  // the padding after the struct, so equal events store equal bytes
  std::memcpy(static_cast<void*>(w), static_cast<const void*>(&v), sizeof(T));
  w += words<T>();
}

template <class T>
T get(const std::uint64_t*& w) {
  T v;
  std::memcpy(static_cast<void*>(&v), static_cast<const void*>(w), sizeof(T));
  w += words<T>();
  return v;
}

bool narrow(Sid s) { return s >= INT32_MIN && s <= INT32_MAX; }

template <std::size_t... I>
constexpr std::array<std::size_t, sizeof...(I)> message_words(std::index_sequence<I...>) {
  return {words<std::variant_alternative_t<I, Message>>()...};
}
constexpr auto kMessageWords = message_words(std::make_index_sequence<std::variant_size_v<Message>>{});

template <std::size_t I>
Message read_message(const std::uint64_t* w) {
  return Message{std::in_place_index<I>, get<std::variant_alternative_t<I, Message>>(w)};
}
template <std::size_t... I>
constexpr auto message_readers(std::index_sequence<I...>) {
  return std::array<Message (*)(const std::uint64_t*), sizeof...(I)>{&read_message<I>...};
}
constexpr auto kReadMessage = message_readers(std::make_index_sequence<std::variant_size_v<Message>>{});

template <std::size_t... I>
constexpr std::array<std::size_t, sizeof...(I)> body_words(std::index_sequence<I...>) {
  return {words<std::variant_alternative_t<I, TraceBody>>()...};
}
constexpr auto kBodyWords = body_words(std::make_index_sequence<std::variant_size_v<TraceBody>>{});

template <std::size_t I>
TraceBody read_body(const std::uint64_t* w) {
  return TraceBody{std::in_place_index<I>, get<std::variant_alternative_t<I, TraceBody>>(w)};
}
template <std::size_t... I>
constexpr auto body_readers(std::index_sequence<I...>) {
  return std::array<TraceBody (*)(const std::uint64_t*), sizeof...(I)>{&read_body<I>...};
}
constexpr auto kReadBody = body_readers(std::make_index_sequence<std::variant_size_v<TraceBody>>{});

template <class T, class V, std::size_t I = 0>
constexpr std::size_t index_of() {
  if constexpr (std::is_same_v<std::variant_alternative_t<I, V>, T>)
    return I;
  else
    return index_of<T, V, I + 1>();
}
constexpr std::size_t kSent = index_of<MessageSent, TraceBody>();
constexpr std::size_t kDelivered = index_of<MessageDelivered, TraceBody>();
constexpr std::size_t kDropped = index_of<MessageDropped, TraceBody>();

// The words of a message event's envelope part (sids and message).
std::size_t envelope_words(const Envelope& env) {
  return (narrow(env.source) && narrow(env.target) ? 1 : 2) + kMessageWords[env.msg.index()];
}

void put_envelope(std::uint64_t*& w, const Envelope& env) {
  if (narrow(env.source) && narrow(env.target)) {
    *w++ = static_cast<std::uint32_t>(env.source) |
           (static_cast<std::uint64_t>(static_cast<std::uint32_t>(env.target)) << 32);
  } else {
    *w++ = static_cast<std::uint64_t>(env.source);
    *w++ = static_cast<std::uint64_t>(env.target);
  }
  std::visit([&](const auto& m) { put(w, m); }, env.msg);
}

Envelope get_envelope(const std::uint64_t*& w, std::uint64_t head) {
  Envelope env;
  if (head & kWideSids) {
    env.source = static_cast<Sid>(*w++);
    env.target = static_cast<Sid>(*w++);
  } else {
    env.source = static_cast<std::int32_t>(static_cast<std::uint32_t>(*w));
    env.target = static_cast<std::int32_t>(static_cast<std::uint32_t>(*w >> 32));
    ++w;
  }
  const auto m = static_cast<std::size_t>((head >> kMsgShift) & 0xF);
  env.msg = kReadMessage[m](w);
  w += kMessageWords[m];
  return env;
}

std::uint64_t header(Ms at, std::size_t body, const Envelope* env) {
  ZS_ASSERT(at >= 0 && static_cast<std::uint64_t>(at) <= kAtMask);
  std::uint64_t h = static_cast<std::uint64_t>(at) | (static_cast<std::uint64_t>(body) << kBodyShift);
  if (env) {
    h |= static_cast<std::uint64_t>(env->msg.index()) << kMsgShift;
    if (!(narrow(env->source) && narrow(env->target))) h |= kWideSids;
  }
  return h;
}

}  // namespace

// ---------------------------------------------------------------- storage

TraceLog::~TraceLog() {
  for (unsigned char* c : chunks_) chunk_arena_free(c);
}

void TraceLog::add_chunk() { chunks_.push_back(static_cast<unsigned char*>(chunk_arena_alloc())); }

std::uint64_t* TraceLog::reserve(std::size_t n) {
  std::size_t word = used_ / 8;
  if (word / kWordsPerChunk != (word + n - 1) / kWordsPerChunk) word = (word / kWordsPerChunk + 1) * kWordsPerChunk;
  while (chunks_.size() <= word / kWordsPerChunk) add_chunk();
  ZS_ASSERT(word <= UINT32_MAX);
  index_.push_back(static_cast<std::uint32_t>(word));
  used_ = (word + n) * 8;
  return reinterpret_cast<std::uint64_t*>(chunks_[word / kWordsPerChunk]) + word % kWordsPerChunk;
}

const std::uint64_t* TraceLog::record(std::size_t i) const {
  const std::size_t word = index_[i];
  return reinterpret_cast<const std::uint64_t*>(chunks_[word / kWordsPerChunk]) + word % kWordsPerChunk;
}

std::size_t TraceLog::record_words(std::size_t i) const {
  const std::uint64_t* w = record(i);
  const std::uint64_t head = *w;
  const auto body = static_cast<std::size_t>((head >> kBodyShift) & 0xFF);
  if (head & kByRef) return 2;
  if (body != kSent && body != kDelivered && body != kDropped) return 1 + kBodyWords[body];
  const std::size_t fixed = body == kDropped ? 3 : 2;
  const std::size_t sids = head & kWideSids ? 2 : 1;
  return 1 + fixed + sids + kMessageWords[(head >> kMsgShift) & 0xF];
}

void TraceLog::truncate(std::size_t n) {
  if (n >= size()) return;
  used_ = std::size_t{index_[n]} * 8;
  index_.truncate(n);
}

void TraceLog::push_back(const TraceEvent& e) {
  const std::size_t body = e.body.index();
  if (const auto* s = std::get_if<MessageSent>(&e.body)) {
    std::uint64_t* w = reserve(3 + envelope_words(s->env));
    *w++ = header(e.at, body, &s->env);
    *w++ = s->id;
    *w++ = static_cast<std::uint64_t>(s->deliver_at);
    put_envelope(w, s->env);
  } else if (const auto* d = std::get_if<MessageDelivered>(&e.body)) {
    std::uint64_t* w = reserve(3 + envelope_words(d->env));
    *w++ = header(e.at, body, &d->env);
    *w++ = d->id;
    *w++ = static_cast<std::uint64_t>(d->sent_at);
    put_envelope(w, d->env);
  } else if (const auto* x = std::get_if<MessageDropped>(&e.body)) {
    std::uint64_t* w = reserve(4 + envelope_words(x->env));
    *w++ = header(e.at, body, &x->env);
    *w++ = x->id;
    *w++ = static_cast<std::uint64_t>(x->sent_at);
    *w++ = static_cast<std::uint64_t>(x->reason);
    put_envelope(w, x->env);
  } else {
    std::uint64_t* w = reserve(1 + kBodyWords[body]);
    *w++ = header(e.at, body, nullptr);
    std::visit([&](const auto& b) { put(w, b); }, e.body);
  }
}

void TraceLog::push_delivered(Ms at, std::size_t sent) {
  ZS_ASSERT(sent < size() && ((*record(sent) >> kBodyShift) & 0xFF) == kSent);
  std::uint64_t* w = reserve(2);
  w[0] = header(at, kDelivered, nullptr) | kByRef;
  w[1] = sent;
}

Ms TraceLog::at(std::size_t i) const { return static_cast<Ms>(*record(i) & kAtMask); }

std::size_t TraceLog::body_index(std::size_t i) const {
  return static_cast<std::size_t>((*record(i) >> kBodyShift) & 0xFF);
}

TraceEvent TraceLog::operator[](std::size_t i) const {
  const std::uint64_t* w = record(i);
  const std::uint64_t head = *w++;
  const auto at = static_cast<Ms>(head & kAtMask);
  const auto body = static_cast<std::size_t>((head >> kBodyShift) & 0xFF);
  if (head & kByRef) {
    const TraceEvent sent = (*this)[static_cast<std::size_t>(*w)];
    const auto& s = std::get<MessageSent>(sent.body);
    return TraceEvent{at, MessageDelivered{s.id, s.env, sent.at}};
  }
  if (body == kSent) {
    MessageSent s;
    s.id = *w++;
    s.deliver_at = static_cast<Ms>(*w++);
    s.env = get_envelope(w, head);
    return TraceEvent{at, s};
  }
  if (body == kDelivered) {
    MessageDelivered d;
    d.id = *w++;
    d.sent_at = static_cast<Ms>(*w++);
    d.env = get_envelope(w, head);
    return TraceEvent{at, d};
  }
  if (body == kDropped) {
    MessageDropped x;
    x.id = *w++;
    x.sent_at = static_cast<Ms>(*w++);
    x.reason = static_cast<DropReason>(*w++);
    x.env = get_envelope(w, head);
    return TraceEvent{at, x};
  }
  return TraceEvent{at, kReadBody[body](w)};
}

std::string TraceLog::fingerprint(std::size_t i) const {
  std::string f(reinterpret_cast<const char*>(record(i)), record_words(i) * 8);
  if (*record(i) & kByRef) f += fingerprint(static_cast<std::size_t>(record(i)[1]));
  return f;
}

void write_jsonl(std::ostream& out, const TraceLog& events, const TraceContext& ctx) {
  JsonlWriter w(out, ctx);
  for (std::size_t i = 0; i < events.size(); ++i) w.write(events[i]);
}

}  // namespace zs
