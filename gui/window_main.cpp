// The zooscope window (window_main, called by cli/main.cpp when no headless subcommand is
// named): it advances the run's virtual time each frame, builds a ClusterView, lets the views
// draw it and hands what the user asked for to the driver after the frame.
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <imgui.h>
#include <imgui_internal.h>  // ClosePopupsExceptModals (Esc), ImTextCharFromUtf8
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <malloc.h>  // mallinfo2: the heap in use, for --bench-frames
#include <stb/stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "assets.hpp"
#include "attach/attach_source.hpp"
#include "attach/recorded_source.hpp"
#include "attach/recording.hpp"
#include "views/recent.hpp"
#include "wire/connect_string.hpp"
#include "core/chunked_store.hpp"  // chunk_arena_bytes_in_use, for --bench-frames
#include "core/overloaded.hpp"
#include "lab_command.hpp"
#include "window_entry.hpp"
#include "cluster_view.hpp"
#include "driver.hpp"
#include "timeline_svg.hpp"
#include "views/text_sink.hpp"
#include "views/theme.hpp"
#include "config/config.hpp"
#include "fonts.hpp"
#include "key_taps.hpp"
#include "glyphs.hpp"
#include "i18n.hpp"
#include "views/view.hpp"

namespace {

constexpr const char* kHeadlessHint =
    "Run the window under a desktop or xvfb-run, or use the headless commands: "
    "zooscope sim --help, zooscope bench sim";
constexpr int kWindowWidth = 1280;
constexpr int kWindowHeight = 800;
constexpr float kFontSizePx = 18.0f;

constexpr zs::Ms kScreenshotStartMs = 3000;  // a screenshot shows an elected leader
constexpr zs::Ms kScreenshotFrameMs = 50;    // fixed virtual time per frame: reproducible shots
constexpr double kMaxFrameGapMs = 250;       // a stalled frame does not jump virtual time
constexpr float kPresenterScales[] = {1.0f, 1.5f, 1.75f, 2.0f, 2.5f};  // F5 cycles them

struct Options {
  std::string screenshot;  // empty = interactive
  int frames = 0;          // 0 = until the window closes
  std::string window_size;  // --window-size WxH; empty = kWindowWidth x kWindowHeight
  int servers = 3;
  int observers = 0;
  std::string config;      // a zoo.cfg instead of --servers
  std::string lang{zs::gui::kDefaultLanguage};
  std::uint64_t seed = 1;
  float speed = 1.0f;
  bool no_slow_motion = false;  // --no-slow-motion: messages fly at the speed of the rest
  std::string replay;      // a saved run file
  std::string scenario;    // a run file from assets/scenarios by name
  std::optional<zs::Ms> at;  // with --replay/--scenario/--screenshot: the moment to show
  std::string view;        // the side tab to show first
  zs::Sid select = 0;      // the server the tree and console show first
  std::uint64_t select_message = 0;  // --select-message ID: the message whose chain is highlighted
  float presenter = 0;     // 0 = off, else the scale
  std::string svg;         // --timeline-svg FILE: write the timeline as SVG and exit
  std::string labels;      // --labels FILE|-: the text of the screenshot's frame
  std::string labels_rects;  // --labels-rects FILE|-: the canvases' texts with their rectangles
  std::string lab;         // --lab ID|FILE: open this lab
  int lab_step = 0;        // --step N: at the pause after step N
  // --bench-frames N: render N frames of a large state and print name=value timings.
  int bench_frames = 0;
  int bench_messages = 500;
  int bench_znodes = 100000;
  int bench_events = 100000;
  std::string attach;       // --attach HOSTS: open attached to this real ensemble
  std::string attach_auth;  // --auth digest:user:password
  int refresh_ms = 1000;    // --refresh MS
  std::string record;       // --record FILE: with --attach, write the attach to a recording
};

std::string glfw_error;  // the last GLFW error, for the message when a window cannot open

void on_glfw_error(int code, const char* description) {
  glfw_error = "GLFW error " + std::to_string(code) + ": " + description;
}



// Every language's catalog (their text decides which CJK glyphs the font atlas holds).
struct Languages {
  std::map<std::string, zs::gui::Catalog> catalogs;
  std::vector<std::string> texts;  // all UI strings of all languages
};

Languages load_languages(const std::string& lang) {
  std::vector<std::filesystem::path> dirs;
  for (const auto& d : zs::cli::asset_dirs()) dirs.push_back(d / "lang");
  Languages out;
  for (const std::string& l : zs::gui::supported_languages()) {
    const auto file = zs::gui::find_language_file(dirs, l);
    if (file.empty()) {
      if (l == lang) {
        std::cerr << "zooscope: note: " << l << ".json not found in";
        for (std::size_t i = 0; i < dirs.size(); ++i) std::cerr << (i == 0 ? " " : " or ") << dirs[i].string();
        std::cerr << "; labels show their keys\n";
      }
      continue;
    }
    auto catalog = zs::gui::load_catalog(file);
    if (!catalog) {
      std::cerr << "zooscope: note: " << catalog.error().to_string() << "; labels show their keys\n";
      continue;
    }
    for (const auto& [key, text] : catalog.value()) out.texts.push_back(text);
    out.catalogs[l] = std::move(catalog).value();
  }
  return out;
}

// Every text of a lab in both languages (their hanzi must be in the font atlas).
void add_lab_texts(const zs::lab::Lab& lab, std::vector<std::string>& texts) {
  auto add = [&](const zs::lab::Text& t) {
    texts.push_back(t.en);
    texts.push_back(t.zh);
  };
  add(lab.title);
  add(lab.summary);
  for (const zs::lab::Step& s : lab.steps) {
    for (const zs::lab::Text* t : {&s.title, &s.narration, &s.question, &s.explanation}) add(*t);
    for (const zs::lab::Text& c : s.choices) add(c);
  }
}

// The shipped labs (labs/*.toml); one that does not load is named and left out.
std::vector<zs::lab::Lab> load_shipped_labs() {
  std::vector<zs::lab::Lab> labs;
  for (const auto& f : zs::cli::lab_files()) {
    auto lab = zs::lab::load_lab(f.string());
    if (!lab) {
      std::cerr << "zooscope: note: " << lab.error().to_string() << " (left out of the Labs menu)\n";
      continue;
    }
    labs.push_back(std::move(lab).value());
  }
  return labs;
}

void use_language(Languages& langs, const std::string& lang) {
  auto it = langs.catalogs.find(lang);
  zs::gui::set_catalog(it == langs.catalogs.end() ? zs::gui::Catalog{} : it->second);
  zs::gui::set_current_language(lang);
}


// Writes the back buffer as a PNG (call after rendering, before swapping).
bool write_screenshot(GLFWwindow* window, const std::string& path) {
  int w = 0;
  int h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  stbi_flip_vertically_on_write(1);  // GL rows go bottom-up
  return stbi_write_png(path.c_str(), w, h, 3, pixels.data(), w * 3) != 0;
}

// The font atlas at a scale, from the characters in app_glyphs(); with `upload`, the texture
// is made anew too (after the OpenGL backend made its first one). Returns the build time.
double build_fonts(float scale, bool presenter, bool upload) {
  const auto t0 = std::chrono::steady_clock::now();
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  // The lab card's text is larger still: in presenter mode everything is large already.
  const float size = kFontSizePx * scale;
  zs::gui::load_fonts(zs::gui::app_glyphs(), size, size * (presenter ? 1.15f : 1.4f), std::cerr);
  io.Fonts->Build();
  zs::gui::app_glyphs().take_pending();
  if (upload) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// The look at a given scale: fonts rebuilt at that size (crisp, unlike a global scale),
// spacing scaled, and in presenter mode a high-contrast palette for projectors.
void apply_look(float scale, bool presenter, bool upload) {
  build_fonts(scale, presenter, upload);
  ImGuiStyle style;
  if (presenter) {
    zs::gui::style_high_contrast(style);
  } else {
    ImGui::StyleColorsDark(&style);
  }
  style.WindowRounding = 0.0f;
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
  zs::gui::set_line_scale(scale);
}

// Builds the run the options ask for: a zoo.cfg, a replay or scenario, or N servers.
std::optional<zs::gui::RunSetup> initial_setup(const Options& opt) {
  zs::gui::RunSetup setup;
  setup.seed = opt.seed;
  if (!opt.config.empty()) {
    auto loaded = zs::config::load_ensemble({opt.config});
    if (!loaded) {
      std::cerr << "zooscope: " << loaded.error().to_string() << "\n";
      return std::nullopt;
    }
    setup.ensemble = std::move(loaded).value();
    setup.config_path = opt.config;
  } else {
    setup.ensemble = zs::config::default_ensemble(opt.servers, opt.observers);
  }
  return setup;
}

void close_window(GLFWwindow* window) {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto k = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size()))) - 1;
  return v[std::min(k, v.size() - 1)];
}

// --bench-frames: a large state (znodes in one directory, a long trace, messages in flight
// on slow links), the tree tab open at that directory, then N frames timed. build = model +
// views + ImGui::Render() (the app's own work); frame = the whole frame with the GL driver,
// glFinish() included so the rasteriser's work is counted.
// VmRSS of /proc/self/status, in MB (0 when it cannot be read).
double resident_mb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1000.0;
  return 0;
}

int bench_frames(const Options& opt, zs::gui::Driver& driver, zs::gui::Views& views, GLFWwindow* window) {
  using Clock = std::chrono::steady_clock;
  auto ms_since = [](Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  };
  const auto setup_t0 = Clock::now();
  driver.run_to(3000);  // elected
  const zs::Sid leader = driver.model().stable_leader.value_or(driver.model().peers.front().sid);
  // The znodes, untraced (a traced 100,000-write run is millions of events): /write-N.
  driver.set_tracing(false);
  for (int left = opt.bench_znodes; left > 0;) {
    const int burst = std::min(left, 5000);
    driver.apply(zs::gui::WriteButton{leader, burst});
    driver.run_to(driver.model().now + 1000);
    left -= burst;
  }
  driver.set_tracing(true);
  // The trace: writes until it holds the events asked for.
  while (driver.model().trace->size() < static_cast<std::size_t>(opt.bench_events)) {
    driver.apply(zs::gui::WriteButton{leader, 50});
    driver.run_to(driver.model().now + 200);
  }
  // Messages in flight: slow links, then writes until enough are on their way.
  driver.apply(zs::gui::SetLinkParams{0, 0, zs::Ratio{0, 100}, 4000, 8000});
  for (int k = 0; k < 200 && driver.model().messages.size() < static_cast<std::size_t>(opt.bench_messages); ++k) {
    driver.apply(zs::gui::WriteButton{leader, 10});
    driver.run_to(driver.model().now + 20);
  }
  driver.apply(zs::gui::SetPaused{true});
  driver.apply(zs::gui::SetHidePings{false});
  driver.apply(zs::gui::SelectServer{leader});
  views.select_tab(opt.view.empty() ? "tree" : opt.view);  // --view txlog: time another tab
  const double setup_ms = ms_since(setup_t0);

  std::vector<double> build;
  std::vector<double> whole;
  std::size_t vertices = 0;
  std::size_t tree_nodes = 0;
  {
    const zs::gui::ClusterView& m = driver.model();
    const int li = m.index_of(leader);
    if (li >= 0 && m.trees[static_cast<std::size_t>(li)] != nullptr) tree_nodes = m.trees[static_cast<std::size_t>(li)]->node_count();
  }
  for (int f = 0; f < opt.bench_frames + 5; ++f) {  // 5 warm-up frames
    const auto t0 = Clock::now();
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    const auto b0 = Clock::now();
    ImGui::NewFrame();
    zs::gui::UiBus bus;
    views.draw(driver.model(), bus);
    ImGui::Render();
    const double b = ms_since(b0);
    int fb_w = 0;
    int fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.08f, 0.08f, 0.10f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
    glFinish();
    const double w = ms_since(t0);
    if (f >= 5) {
      build.push_back(b);
      whole.push_back(w);
      vertices = static_cast<std::size_t>(ImGui::GetDrawData()->TotalVtxCount);
    }
  }
  const zs::gui::ClusterView& m = driver.model();
  std::cout << "gui.frames=" << build.size() << "\n"
            << "gui.servers=" << m.peers.size() << "\n"
            << "gui.messages_in_flight=" << m.messages.size() << "\n"
            << "gui.znodes=" << tree_nodes << "\n"
            << "gui.trace_events=" << m.trace->size() << "\n"
            << "gui.setup_ms=" << fmt::format("{:.0f}", setup_ms) << "\n"
            << "gui.build_ms_median=" << fmt::format("{:.3f}", percentile(build, 50)) << "\n"
            << "gui.build_ms_p99=" << fmt::format("{:.3f}", percentile(build, 99)) << "\n"
            << "gui.frame_ms_median=" << fmt::format("{:.3f}", percentile(whole, 50)) << "\n"
            << "gui.frame_ms_p99=" << fmt::format("{:.3f}", percentile(whole, 99)) << "\n"
            << "gui.vertices=" << vertices << "\n";
  // Where the vertices are: per window (child windows count with their own name).
  const ImDrawData* dd = ImGui::GetDrawData();
  for (int i = 0; i < dd->CmdListsCount; ++i) {
    const ImDrawList* dl = dd->CmdLists[i];
    if (dl->VtxBuffer.Size < 500) continue;
    std::string name = dl->_OwnerName != nullptr ? dl->_OwnerName : "?";
    if (const auto p = name.rfind("###"); p != std::string::npos) name = name.substr(p + 3);
    for (char& c : name)
      if (c == '/' || c == ' ' || c == '#') c = '_';
    std::cout << "gui.vertices." << name << "=" << dl->VtxBuffer.Size << "\n";
  }
  // Where the memory is: the process's resident set, the heap in use, and the znodes the data
  // trees hold, live (every server) and in the step-back checkpoints (every server of each).
  const zs::Simulator::CheckpointTrees ct = driver.run().sim().checkpoint_trees();
  std::cout << "gui.rss_mb=" << fmt::format("{:.0f}", resident_mb()) << "\n"
            << "gui.heap_mb=" << fmt::format("{:.0f}", static_cast<double>(mallinfo2().uordblks) / 1e6) << "\n"
            << "gui.arena_mb=" << fmt::format("{:.0f}", static_cast<double>(zs::chunk_arena_bytes_in_use()) / 1e6) << "\n"
            << "gui.checkpoints=" << ct.checkpoints << "\n"
            << "gui.live_znodes=" << ct.live_znodes << "\n"
            << "gui.checkpoint_znodes=" << ct.checkpoint_znodes << "\n"
            << "gui.znode_chunks=" << ct.distinct_chunks << "\n"
            << "gui.znode_chunk_mb=" << fmt::format("{:.0f}", static_cast<double>(ct.chunk_bytes) / 1e6) << "\n"
            << "gui.events=" << driver.model().events_processed << "\n";
  // Step back in this state, as the Back button does it: from the end, K events back (timed),
  // then forward to the end again (not timed), 5 times each.
  const std::uint64_t end = driver.model().events_processed;
  for (const std::uint64_t k : {std::uint64_t{1}, std::uint64_t{1000}, std::uint64_t{100000}}) {
    if (k > end) continue;
    std::vector<double> back;
    for (int r = 0; r < 5; ++r) {
      const auto s0 = Clock::now();
      driver.apply(zs::gui::SeekEvent{end - k});
      (void)driver.model();
      back.push_back(ms_since(s0));
      driver.apply(zs::gui::SeekEvent{end});
      (void)driver.model();
    }
    std::cout << "gui.step_back_" << k << "_ms=" << fmt::format("{:.2f}", percentile(back, 50)) << "\n";
  }
  // Back replays what was run, traced only where it was traced: the trace is as long again.
  std::cout << "gui.trace_events_after_back=" << driver.model().trace->size() << "\n"
            << "gui.rss_after_back_mb=" << fmt::format("{:.0f}", resident_mb()) << "\n";
  return 0;
}

int run_window(const Options& opt) {
  // Everything that can fail on bad input is checked before a window opens.
  auto setup = initial_setup(opt);
  if (!setup) return 2;
  std::optional<zs::gui::RunFile> run;
  std::string run_path = opt.replay;
  // --replay of an attach recording (zooscope attach --record) rather than of a run file.
  const bool recording = !opt.replay.empty() && zs::attach::Recording::looks_like(opt.replay);
  if (recording) run_path.clear();
  if (!opt.scenario.empty()) {
    const auto f = zs::cli::find_scenario(opt.scenario);
    if (f.empty()) {
      std::string names;
      for (const auto& n : zs::cli::scenario_names()) names += (names.empty() ? "" : ", ") + n;
      std::cerr << "zooscope: no scenario named \"" << opt.scenario << "\" in assets/scenarios (try " << names << ")\n";
      return 2;
    }
    run_path = f.string();
  }
  if (!run_path.empty()) {
    auto loaded = zs::gui::load_run_file(run_path);
    if (!loaded) {
      std::cerr << "zooscope: " << loaded.error().to_string() << "\n";
      return 2;
    }
    run = std::move(loaded).value();
  }

  // The labs: the shipped ones in the menu, and --lab (an id, or a file) opened.
  std::vector<zs::lab::Lab> labs = load_shipped_labs();
  std::optional<std::string> lab_id;
  if (!opt.lab.empty()) {
    auto path = zs::cli::find_lab(opt.lab);
    if (!path) {
      std::cerr << "zooscope: --lab: " << path.error().to_string() << "\n";
      return 2;
    }
    auto lab = zs::lab::load_lab(path.value().string());
    if (!lab) {
      std::cerr << "zooscope: " << lab.error().to_string() << "\n";
      return 2;
    }
    if (static_cast<std::size_t>(opt.lab_step) > lab.value().steps.size()) {
      std::cerr << "zooscope: --step " << opt.lab_step << ": the lab \"" << lab.value().id << "\" has "
                << lab.value().steps.size() << " steps\n";
      return 2;
    }
    lab_id = lab.value().id;
    labs.push_back(std::move(lab).value());
  }

  // A connect string or auth spec that does not parse is named before any window opens.
  if (!opt.attach.empty()) {
    if (auto hosts = zs::wire::parse_connect_string(opt.attach); !hosts) {
      std::cerr << "zooscope: --attach: " << hosts.error().to_string() << "\n";
      return 2;
    }
    if (!opt.attach_auth.empty()) {
      if (auto auth = zs::wire::parse_auth_spec(opt.attach_auth); !auth) {
        std::cerr << "zooscope: --auth: " << auth.error().to_string() << "\n";
        return 2;
      }
    }
  }

  zs::gui::Driver driver(*setup);
  driver.apply(zs::gui::SetLanguage{opt.lang});
  (void)driver.take_window_requests();  // the language is set below, before the first frame
  std::vector<std::string> lab_texts;
  for (zs::lab::Lab& l : labs) {
    add_lab_texts(l, lab_texts);
    driver.add_lab(std::move(l));
  }
  if (lab_id) {
    driver.apply(zs::gui::LabOpen{*lab_id});
    if (opt.lab_step > 0) driver.lab()->go_to(static_cast<std::size_t>(opt.lab_step));
  }
  // The built-in scenarios, for the Run menu (a broken one is named and left out).
  for (const std::string& name : zs::cli::scenario_names()) {
    auto loaded = zs::gui::load_run_file(zs::cli::find_scenario(name).string());
    if (!loaded) {
      std::cerr << "zooscope: " << loaded.error().to_string() << "\n";
      continue;
    }
    for (const std::string* t : {&loaded.value().title_zh, &loaded.value().description_zh})
      if (!t->empty()) lab_texts.push_back(*t);
    driver.add_scenario(name, std::move(loaded).value());
  }
  if (opt.select != 0) driver.apply(zs::gui::SelectServer{opt.select});
  driver.apply(zs::gui::SetSpeed{opt.speed});
  driver.apply(zs::gui::SetSlowMotion{!opt.no_slow_motion});
  // A scenario opens at its start (or --at) with its card; a --timeline-svg of it without a
  // window draws the whole scenario.
  const bool svg_only = !opt.svg.empty() && opt.screenshot.empty();
  if (run && !opt.scenario.empty() && !svg_only) {
    driver.add_scenario(opt.scenario, *run);
    driver.open_scenario(opt.scenario, opt.at);
  } else if (run) {
    driver.load(*run, opt.at);
  } else if (opt.at) {
    driver.run_to(*opt.at);
    driver.apply(zs::gui::SetPaused{true});
  }
  if (opt.select_message != 0) driver.apply(zs::gui::SelectMessage{opt.select_message});
  if (recording) {
    driver.apply(zs::gui::OpenRecording{opt.replay});
    if (!driver.recorded()) {
      std::cerr << "zooscope: " << driver.notice() << "\n";
      return 2;
    }
    for (const std::string& w : driver.recorded_source()->recording().warnings())
      std::cerr << "zooscope: note: " << w << "\n";
    // --at: ms after the recording's start (a run's --at is ms of virtual time).
    if (opt.at) driver.apply(zs::gui::SeekRecorded{driver.recorded_source()->recording().begin_ms() + *opt.at});
  }
  if (!opt.attach.empty()) {
    driver.apply(zs::gui::AttachTo{opt.attach, opt.attach_auth, opt.refresh_ms, opt.record});
    if (!driver.record_error().empty()) {
      std::cerr << "zooscope: --record: " << driver.record_error() << "\n";
      return 2;
    }
    // A screenshot shows the ensemble as the monitor first saw it whole: every server asked
    // once and the tree loaded (bounded: a silent server is "timeout" within its own limit).
    if (!opt.screenshot.empty() && driver.attach_source() != nullptr &&
        !driver.attach_source()->monitor().wait_settled(std::chrono::seconds(20))) {
      std::cerr << "zooscope: note: the attached ensemble did not settle within 20 s; drawing what was seen\n";
    }
  }
  // Attaches from the dialog are remembered for its list (not in screenshots and tests).
  if (opt.screenshot.empty() && opt.bench_frames == 0) driver.set_recent_file(zs::gui::recent_file());
  if (!opt.svg.empty() && opt.screenshot.empty()) {
    std::ofstream out(opt.svg);
    out << zs::gui::timeline_svg(driver.model());
    if (!out) {
      std::cerr << "zooscope: cannot write " << opt.svg << "\n";
      return 1;
    }
    std::cerr << "zooscope: wrote " << opt.svg << "\n";
    return 0;
  }

  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((display == nullptr || *display == '\0') && (wayland == nullptr || *wayland == '\0')) {
    std::cerr << "zooscope: no display found (DISPLAY is not set). " << kHeadlessHint << "\n";
    return 1;
  }
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    std::cerr << "zooscope: cannot open a window (" << glfw_error << "). " << kHeadlessHint << "\n";
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  int win_w = kWindowWidth;
  int win_h = kWindowHeight;
  if (!opt.window_size.empty()) std::sscanf(opt.window_size.c_str(), "%dx%d", &win_w, &win_h);
  GLFWwindow* window = glfwCreateWindow(win_w, win_h, "zooscope", nullptr, nullptr);
  if (window == nullptr) {
    std::cerr << "zooscope: cannot create an OpenGL 3.3 window (" << glfw_error << "). "
              << kHeadlessHint << "\n";
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  if (gladLoadGL(glfwGetProcAddress) == 0) {
    std::cerr << "zooscope: cannot load OpenGL functions. " << kHeadlessHint << "\n";
    glfwDestroyWindow(window);
    glfwTerminate();
    return 1;
  }
  const bool screenshot = !opt.screenshot.empty();
  glfwSwapInterval(screenshot || opt.bench_frames > 0 ? 0 : 1);

  Languages langs = load_languages(opt.lang);
  langs.texts.insert(langs.texts.end(), lab_texts.begin(), lab_texts.end());
  use_language(langs, opt.lang);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing to remember
  float scale = opt.presenter > 0 ? opt.presenter : 1.0f;
  bool presenter = opt.presenter > 0;
  zs::gui::app_glyphs().seed(langs.texts);
  apply_look(scale, presenter, /*upload=*/false);  // the backend uploads it at the first frame
  driver.set_presenter(presenter, scale);
  zs::gui::KeyTaps key_taps;
  zs::gui::install_key_taps(window, &key_taps);  // before ImGui's callback, which chains to it
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  zs::gui::Views views;
  if (opt.bench_frames > 0) {
    const int rc = bench_frames(opt, driver, views, window);
    close_window(window);
    return rc;
  }
  if (screenshot && !run && !opt.at && !lab_id && !driver.attached() && !driver.recorded())
    driver.run_to(kScreenshotStartMs);
  // A screenshot shows a lab's pause, not a replay under way.
  driver.set_lab_slow_motion(!screenshot);

  if (!opt.view.empty()) views.select_tab(opt.view);
  zs::gui::UiBus bus;
  bool look_changed = false;  // presenter mode changed this frame
  bool new_presenter = false;
  float new_scale = 1.0f;
  std::string png_request;
  double last_s = glfwGetTime();
  int rc = 0;
  for (int frame = 1; !glfwWindowShouldClose(window); ++frame) {
    glfwPollEvents();
    key_taps.apply(io.KeysDown, static_cast<int>(IM_ARRAYSIZE(io.KeysDown)));
    const double now_s = glfwGetTime();
    const double real_ms = std::clamp((now_s - last_s) * 1000.0, 0.0, kMaxFrameGapMs);
    last_s = now_s;
    if (screenshot) {
      if (!driver.paused() && !driver.attached() && !driver.recorded())
        driver.run_to(driver.model().now + kScreenshotFrameMs);
    } else {
      driver.advance(real_ms);
    }

    // Characters typed since the last frame, and those the last frame drew without a glyph:
    // into the atlas before this frame draws them (at most one rebuild per frame).
    for (const ImWchar c : io.InputQueueCharacters) zs::gui::app_glyphs().need(c);
    if (zs::gui::app_glyphs().pending()) build_fonts(scale, presenter, /*upload=*/frame > 1);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // A screenshot shows the window as it is, not where Xvfb's pointer happens to rest, and
    // its animations (a lab step's pulse) at the same phase however slow the machine is:
    // ImGui's clock advances one 60 Hz frame per frame.
    if (screenshot) {
      io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      io.DeltaTime = 1.0f / 60.0f;
    }
    ImGui::NewFrame();
    // The keyboard, unless a text field has it: space plays/pauses, arrows step, F5 cycles
    // the presenter scale.
    // With a lab open, Right or N is its Next and Left or B its Back.
    // Esc closes whatever popup is open (the Run, Network, Labs and link menus, a combo);
    // with none open, it lets go of a picked message.
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
      if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) ImGui::ClosePopupsExceptModals();
      else if (driver.picked_message()) bus.post(zs::gui::SelectMessage{});
    }
    if (!io.WantTextInput) {
      const bool right = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow));
      const bool left = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow));
      if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) bus.post(zs::gui::SetPaused{!driver.paused()});
      if (driver.lab() != nullptr) {
        if (right || ImGui::IsKeyPressed(GLFW_KEY_N, false)) bus.post(zs::gui::LabNext{});
        if (left || ImGui::IsKeyPressed(GLFW_KEY_B, false)) bus.post(zs::gui::LabBack{});
      } else if (driver.recorded()) {
        // A recording moves from change to change.
        if (right) bus.post(zs::gui::JumpChange{true});
        if (left) bus.post(zs::gui::JumpChange{false});
      } else {
        if (right) bus.post(zs::gui::StepForward{});
        if (left) bus.post(zs::gui::StepBack{});
      }
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_F5, false)) {
      std::size_t k = 0;
      while (k < std::size(kPresenterScales) && kPresenterScales[k] <= scale + 0.01f) ++k;
      const float next = k < std::size(kPresenterScales) ? kPresenterScales[k] : 1.0f;
      bus.post(zs::gui::SetPresenter{next > 1.0f, next});
    }
    const bool want_last = opt.frames > 0 && frame >= opt.frames;
    const bool capture = (!opt.labels.empty() || !opt.labels_rects.empty()) && want_last;
    std::string drawn_text;
    zs::gui::TextSink sink;
    views.draw(driver.model(), bus, capture ? &drawn_text : nullptr, capture ? &sink : nullptr);
    ImGui::Render();
    // Text drawn for the first time in this frame (a row scrolled into view) has its glyphs
    // from the next frame on: a screenshot waits for it, three frames at most.
    const bool last_frame = want_last && (!zs::gui::app_glyphs().pending() || frame >= opt.frames + 3);
    auto write_text = [&](const std::string& path, const std::string& what) {
      if (path.empty()) return;
      if (path == "-") {
        std::cout << what;
        return;
      }
      std::ofstream out(path);
      out << what;
      if (!out) {
        std::cerr << "zooscope: cannot write " << path << "\n";
        rc = 1;
      }
    };
    if (capture && last_frame) {
      // A character the frame drew without a glyph shows as '?': say which (tests fail on it).
      std::string no_glyph;
      for (const char* p = drawn_text.c_str(); *p != '\0';) {
        unsigned c = 0;
        p += ImTextCharFromUtf8(&c, p, nullptr);
        if (c >= 0x20 && c <= 0xFFFF && io.Fonts->Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr &&
            no_glyph.find(fmt::format("U+{:04X}", c)) == std::string::npos) {
          no_glyph += fmt::format(" U+{:04X}", c);
        }
      }
      if (!no_glyph.empty()) std::cerr << "zooscope: drawn without a glyph:" << no_glyph << "\n";
      write_text(opt.labels, drawn_text);
      write_text(opt.labels_rects, zs::gui::format_rects(sink.items()));
    }
    int fb_w = 0;
    int fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (last_frame && screenshot) {
      if (write_screenshot(window, opt.screenshot)) {
        std::cerr << "zooscope: wrote " << opt.screenshot << " (" << fb_w << "x" << fb_h
                  << ", virtual time " << driver.model().now << " ms, tab " << views.current_tab() << ")\n";
      } else {
        std::cerr << "zooscope: cannot write " << opt.screenshot << "\n";
        rc = 1;
      }
      if (!opt.svg.empty()) {
        std::ofstream out(opt.svg);
        out << zs::gui::timeline_svg(driver.model());
        if (!out) rc = 1;
      }
    }
    if (!png_request.empty()) {
      if (!write_screenshot(window, png_request)) std::cerr << "zooscope: cannot write " << png_request << "\n";
      png_request.clear();
    }
    glfwSwapBuffers(window);
    if (last_frame) break;

    for (const zs::gui::UiEvent& e : bus.take()) driver.apply(e);
    zs::gui::WindowRequests requests = driver.take_window_requests();
    if (requests.language) use_language(langs, *requests.language);
    if (!requests.tab.empty()) views.select_tab(requests.tab);
    if (requests.look_changed) {
      look_changed = true;
      new_presenter = driver.presenter();
      new_scale = driver.ui_scale();
    }
    if (!requests.png.empty()) png_request = requests.png;  // written after the next frame is drawn
    if (!requests.svg.empty()) {
      std::ofstream out(requests.svg);
      out << zs::gui::timeline_svg(driver.model());
    }
    if (look_changed) {
      presenter = new_presenter;
      scale = new_scale;
      apply_look(scale, presenter, /*upload=*/true);
      look_changed = false;
    }
  }

  close_window(window);
  return rc;
}

}  // namespace

namespace zs::app {

bool has_window() { return true; }

int window_main(int argc, char** argv) {
  Options opt;
  CLI::App app{"zooscope: a simulated Apache ZooKeeper ensemble, drawn as it elects a leader.",
               "zooscope"};
  app.footer("Headless commands: zooscope sim --help, zooscope attach --help, zooscope live --help, zooscope console --help, zooscope bench sim");
  app.add_option("--screenshot", opt.screenshot,
                 "Render, write the window as a PNG to FILE and exit")
      ->type_name("FILE");
  app.add_option("--frames", opt.frames,
                 "Frames to render before exiting (default with --screenshot: 5)")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--servers", opt.servers, "Voting servers in the simulated ensemble")
      ->check(CLI::Range(1, 15))
      ->capture_default_str();
  app.add_option("--observers", opt.observers, "Observers (non-voting) in the ensemble")
      ->check(CLI::Range(0, 6))
      ->capture_default_str();
  app.add_option("--config", opt.config, "A zoo.cfg: run its ensemble instead of --servers")
      ->type_name("FILE");
  app.add_option("--lang", opt.lang, "Language of the labels")
      ->check(CLI::IsMember(zs::gui::supported_languages()))
      ->capture_default_str();
  app.add_option("--seed", opt.seed, "Seed of the simulation (same seed, same run)")
      ->capture_default_str();
  app.add_option("--speed", opt.speed,
                 "Virtual milliseconds per real millisecond (0.01-100); messages in flight go "
                 "slower still unless --no-slow-motion")
      ->check(CLI::Range(0.01f, 100.0f))
      ->capture_default_str();
  app.add_flag("--no-slow-motion", opt.no_slow_motion,
               "Do not slow down while a message is on its way (by default a message takes about "
               "half a second to cross at speed 1)");
  auto* replay = app.add_option("--replay", opt.replay,
                                "Open a saved run (a file with seed + hand actions), or a recording of an attach "
                                "(zooscope attach --record; --at MS is then ms after its start)")
                     ->type_name("FILE");
  app.add_option("--scenario", opt.scenario,
                 "Open a built-in run: startup, leader-crash, write-path, partition, lagging-follower, sessions")
      ->excludes(replay);
  app.add_option("--at", opt.at, "Show the run at this virtual time (ms), paused")->type_name("MS");
  app.add_option("--view", opt.view, "Side tab to show first: servers (attached), votes, zab, txlog, tree, console, log")
      ->check(CLI::IsMember({"servers", "votes", "zab", "txlog", "tree", "console", "log"}));
  app.add_option("--select", opt.select, "Server the tree and console tabs show first (default: the leader)")
      ->check(CLI::Range(1, 255));
  app.add_option("--select-message", opt.select_message,
                 "Pick the message with this id (the trace's \"id\", zooscope sim --trace): its causes and "
                 "effects are highlighted, as a click on it does")
      ->type_name("ID");
  app.add_option("--window-size", opt.window_size, "Open the window this size, e.g. 1600x1000 (default 1280x800)")
      ->check([](const std::string& v) -> std::string {
        int w = 0;
        int h = 0;
        char extra = 0;
        if (std::sscanf(v.c_str(), "%dx%d%c", &w, &h, &extra) != 2 || w < 320 || h < 240 || w > 8192 || h > 8192)
          return "WxH with 320x240 to 8192x8192, e.g. 1600x1000";
        return {};
      })
      ->type_name("WxH");
  app.add_option("--presenter", opt.presenter, "Start in presenter mode at this scale (1-2.5)")
      ->check(CLI::Range(1.0f, 2.5f));
  app.add_option("--bench-frames", opt.bench_frames,
                 "Benchmark: render N frames of a large state, print gui.* name=value lines")
      ->check(CLI::Range(1, 100000));
  app.add_option("--messages", opt.bench_messages, "With --bench-frames: messages in flight")
      ->check(CLI::Range(0, 100000))->capture_default_str();
  app.add_option("--znodes", opt.bench_znodes, "With --bench-frames: znodes in the tree")
      ->check(CLI::Range(0, 10000000))->capture_default_str();
  app.add_option("--events", opt.bench_events, "With --bench-frames: trace events")
      ->check(CLI::Range(0, 100000000))->capture_default_str();
  app.add_option("--labels", opt.labels,
                 "With --screenshot: write the text the last frame drew to FILE (- = stdout), "
                 "the widgets' and every text drawn on the cluster and timeline canvases")
      ->type_name("FILE");
  app.add_option("--labels-rects", opt.labels_rects,
                 "With --screenshot: write each text drawn on a canvas with its rectangle to FILE "
                 "(- = stdout), one a line: window kind x0 y0 x1 y1 [cut] | text")
      ->type_name("FILE");
  auto* lab = app.add_option("--lab", opt.lab, "Open a lab: the id of a shipped lab (zooscope lab list) or a lab file")
                  ->type_name("ID|FILE");
  app.add_option("--step", opt.lab_step, "With --lab: open it at the pause after step N (0 = its start)")
      ->check(CLI::Range(0, 1000))
      ->needs(lab);
  auto* attach = app.add_option("--attach", opt.attach,
                                "Open attached to a real ZooKeeper ensemble: a connect string, e.g. "
                                "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183 (the simulation waits until Detach)")
                     ->type_name("HOSTS");
  app.add_option("--auth", opt.attach_auth, "With --attach: digest:user:password, as zkCli's addauth takes it")
      ->type_name("SPEC")
      ->needs(attach);
  app.add_option("--refresh", opt.refresh_ms, "With --attach: ms between two polls of the four-letter words")
      ->check(CLI::Range(zs::gui::kMinRefreshMs, zs::gui::kMaxRefreshMs))
      ->capture_default_str()
      ->needs(attach);
  app.add_option("--record", opt.record,
                 "With --attach: write what is observed to FILE (gzip JSON Lines); --replay FILE reopens it")
      ->type_name("FILE")
      ->needs(attach);
  app.add_option("--timeline-svg", opt.svg,
                 "Write the timeline as SVG (alone: without a window, then exit)")
      ->type_name("FILE");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // 2 = bad flag, like the subcommands
  }
  if (!opt.screenshot.empty() && opt.frames == 0) opt.frames = 5;
  return run_window(opt);
}

}  // namespace zs::app
