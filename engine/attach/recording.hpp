// Recording an attach, and reopening it later as a recorded run.
//
// A recording keeps what the monitor received, not what it concluded: every answer its
// ObservationBuilder was given (the servers' own four-letter and AdminServer texts, with the
// wall-clock time they came), the changes its tree reader noted, its session's state, and the
// znode tree as a diff between two published observations. Reopened, the same builder reads
// the same answers again and gives the same rows and the same changes at the same times: the
// ensemble is not re-simulated, only re-read. Old recordings gain from better parsers.
//
// The file is gzip-compressed JSON Lines (zcat shows it; docs/attach.md "Recording" lists
// every line). The first line says what it is; a recording zooscope could not close (killed,
// power cut) ends at its last complete line and opens with a warning that says so.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attach/observation.hpp"
#include "core/result.hpp"
#include "data/data_tree.hpp"

namespace zs::attach {

struct Observation;

// One answer the monitor handed its ObservationBuilder (or a change it noted), as it came.
struct Answer {
  enum class Kind : std::uint8_t {
    Srvr,              // `srvr` on server `server`: reach, body, error, rtt_ms
    Word,              // another four-letter word (`word`: mntr, conf, cons, wchs)
    AdminZabstate,     // an AdminServer at host:admin_port answered /commands/zabstate
    AdminMonitor,      // server `server`'s AdminServer answered /commands/monitor
    AdminConnections,  // ... /commands/connections
    Note,              // a change the tree's watch or the monitor's session reported
  };
  std::int64_t at_ms = 0;  // wall clock, ms since 1970
  Kind kind = Kind::Srvr;
  std::size_t server = 0;
  std::string word;
  Reach reach = Reach::Answered;
  std::string body;
  std::string error;
  std::int64_t rtt_ms = -1;
  std::string host;
  std::uint16_t admin_port = 0;
  int http_status = 0;
  ObservedEvent note;
};

// Gives `a` to `b` exactly as the monitor does. For AdminZabstate, the row that took it (-1
// when none matched or the answer did not parse); -1 for the rest.
int apply(ObservationBuilder& b, const Answer& a);

// What a recording says about itself (its first line).
struct RecordingHeader {
  int format = 1;
  std::string hosts;                // the connect string, as given
  std::int64_t attach_started_ms = 0;  // when the attach began
  std::int64_t from_ms = 0;         // when the recording began (later when started while attached)
  std::int32_t refresh_ms = 0;
  std::vector<std::uint16_t> admin_ports;
  bool tree = true;                 // the attach read the znode tree
  std::string zooscope;             // the version that wrote it
};

// Where a recording being written stands (Observation::recording).
struct RecordingStatus {
  std::string path;
  bool active = false;         // still writing
  std::uint64_t lines = 0;     // lines handed to the file so far
  std::uint64_t bytes = 0;     // uncompressed bytes of those lines
  std::string error;           // why it stopped early (a write failed); "" otherwise
};

// Writes a recording on a thread of its own: the monitor's thread only hands it answers and
// observations (the tree diff and the compression happen here), so a slow disk never delays a
// poll. Not copyable; close() (or the destructor) writes the end line and waits for the file.
class RecordingWriter {
 public:
  // Creates `path` (replacing a file there) and writes the header line. The error names the
  // file and why it could not be written.
  static Result<std::unique_ptr<RecordingWriter>> create(const std::string& path, const RecordingHeader& header);
  ~RecordingWriter();
  RecordingWriter(const RecordingWriter&) = delete;
  RecordingWriter& operator=(const RecordingWriter&) = delete;

  // An answer, as apply() takes it. `prelude`: an answer from before the recording began,
  // replayed first so the rows start as they were (their changes are not shown as new).
  void answer(const Answer& a, bool prelude = false);
  // A published observation: its session and tree state, and its tree as a diff against the
  // previous one (the first one writes the whole tree).
  void observation(std::shared_ptr<const Observation> o);
  // Writes the end line at `at_ms` and closes the file; later calls do nothing.
  void close(std::int64_t at_ms);
  RecordingStatus status() const;

 private:
  struct Impl;
  explicit RecordingWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A recording, read back. The whole file is read at open; at() rebuilds any moment from the
// nearest checkpoint (a copy of the builder and of the tree every few hundred lines), so
// scrubbing costs at most that many lines, not the whole recording.
class Recording {
 public:
  // Reads `path`. An error names the file and line and says what is wrong; a file that ends
  // mid-line (zooscope was stopped before it could close it) opens, with a warning.
  static Result<Recording> open(const std::string& path);
  // True when the file at `path` starts as a recording does (gzip, or this JSON header).
  static bool looks_like(const std::string& path);

  Recording(Recording&&) noexcept;
  Recording& operator=(Recording&&) noexcept;
  ~Recording();

  const RecordingHeader& header() const;
  const std::string& path() const;
  std::int64_t begin_ms() const;  // header().from_ms
  std::int64_t end_ms() const;    // the time of its last line
  // When every server had been asked once (the first complete poll), or begin_ms when the
  // recording began while attached; end_ms when no poll completed.
  std::int64_t first_poll_ms() const;
  bool closed() const;            // it ends with its end line
  const std::vector<std::string>& warnings() const;
  std::size_t lines() const;
  // Every change observed while recording, oldest first (what `zooscope attach` printed).
  const std::vector<ObservedEvent>& events() const;
  // The ensemble as it was observed at `at_ms` (clamped to [begin_ms, end_ms]): the rows, the
  // leader, the session and the tree as of the last line at or before it. Observation::events
  // counts the changes up to then; history_from_ms is begin_ms.
  std::shared_ptr<const Observation> at(std::int64_t at_ms);

 private:
  struct Impl;
  explicit Recording(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace zs::attach
