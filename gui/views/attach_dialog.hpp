// The Attach dialog (toolbar button "Attach…", and the Run menu): a connect string checked as
// it is typed (the parser's own message in red under the field), an optional auth spec, the
// refresh period, "Record to file" with its path, the recent connect strings (recent.hpp),
// Attach / Cancel, and Detach while attached. What it asks for goes to the bus as AttachTo / Detach; the driver does the rest.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cluster_view.hpp"
#include "ui_bus.hpp"
#include "views/recent.hpp"

namespace zs::gui {

class AttachDialog {
 public:
  // Opens the modal on the next draw (its fields keep what was typed last; the recent list
  // is read afresh from `recent`).
  void open(std::filesystem::path recent = recent_file());
  // Draws the modal while it is open (call every frame from a window).
  void draw(const ClusterView& model, UiBus& bus);
  // The form without the modal around it (tests draw it in a plain window). True when the
  // user asked to attach (Attach button, or Enter in the connect string) and it was valid: the
  // AttachTo is on the bus.
  bool draw_form(const ClusterView& model, UiBus& bus);

  void set_connect(const std::string& text);
  void set_auth(const std::string& text);
  // "Record to file": the attach is written to `path` from its start ("" = not recorded).
  void set_record(const std::string& path);
  std::string connect() const { return connect_.data(); }
  std::string auth() const { return auth_.data(); }
  // The parser's message for the connect string / the auth spec ("" = fine). An empty connect
  // string has one too ("type a connect string"): there is nothing to attach to.
  std::string connect_error() const;
  std::string auth_error() const;
  // The event Attach posts, or nothing while the form has an error.
  std::optional<AttachTo> request() const;
  const std::vector<RecentAttach>& recent() const { return recent_; }

 private:
  std::array<char, 1024> connect_{};
  std::array<char, 512> auth_{};
  int refresh_ms_ = 1000;
  bool open_next_ = false;
  bool show_auth_ = false;
  bool record_ = false;
  std::array<char, 1024> record_path_{};
  std::vector<RecentAttach> recent_;
  std::string recent_error_;
};

}  // namespace zs::gui
