cmake_minimum_required(VERSION 3.25)

# The pure engine folders include no clock, thread, random-number, socket or GUI header
# (STYLE.md §2): the drivers own time and randomness, the simulator runs on a virtual Tick
# and a seeded Prng. The folder list, the forbidden headers and the exceptions live here only.
#
#   cmake -DZS_SOURCE_DIR=<repo> -P check_purity.cmake      checks <repo>/engine/<pure folder>
#   cmake -DZS_CHECK_DIRS=<dir>[;<dir>] -P check_purity.cmake   checks these folders instead
#
# Each forbidden include is printed as "<file>:<line>: includes <header>"; the exit code is
# non-zero when there is one. Only direct #include lines are read.

# Folders under engine/ that must stay pure; a folder that does not exist yet is skipped.
set(ZS_PURE_FOLDERS
  core
  election
  data
  session
  peer
  client
  trace
  config
  sim       # virtual Tick and a seeded Prng: not even the wall clock
  check     # the safety checker reads a Simulator after every event
  console   # the zkCli shell: its clock is the ClientHandle's
  run       # pure, except that it may read and write files (no header here forbids that)
  view
  # Planned folders, checked as soon as they exist:
  wire
  lab)

# Regular expressions, each matched against the whole name between <> or "".
set(ZS_FORBIDDEN_HEADERS
  # clocks
  "chrono" "ctime" "time\\.h" "sys/time\\.h"
  # threads and their synchronisation
  "thread" "mutex" "shared_mutex" "condition_variable" "future" "semaphore" "latch"
  "barrier" "stop_token"
  # randomness that no seed replays (engine/core/prng.hpp is the one to use)
  "random"
  # sockets and the rest of POSIX I/O
  "sys/socket\\.h" "netinet/.*" "arpa/.*" "netdb\\.h" "poll\\.h" "sys/epoll\\.h"
  "sys/select\\.h" "unistd\\.h"
  # Asio, standalone or Boost's
  "asio" "asio\\.hpp" "asio/.*" "boost/asio" "boost/asio\\.hpp" "boost/asio/.*"
  # the window
  "GLFW/.*" "imgui.*" "glad/.*" "backends/imgui.*")

# "<path under engine/>|<header>": existing uses that are allowed, each with its reason.
set(ZS_PURITY_EXCEPTIONS
  # The chunk arena is a process-wide allocator for log and tree chunks; its free list is
  # shared by the threads of whichever driver allocates, so a lock guards it. It reads no
  # clock and decides nothing about the protocol.
  "core/chunk_arena.cpp|mutex"
  # zkCli prints ctime/mtime as dates: gmtime_r converts the simulated milliseconds to a
  # calendar date. It never asks for the current time.
  "client/zkcli_format.cpp|ctime")

set(extensions hpp cpp h cc hh cxx ipp inl tpp)

if(DEFINED ZS_CHECK_DIRS)
  set(roots ${ZS_CHECK_DIRS})
  set(base "")
elseif(DEFINED ZS_SOURCE_DIR)
  set(roots)
  foreach(folder IN LISTS ZS_PURE_FOLDERS)
    list(APPEND roots ${ZS_SOURCE_DIR}/engine/${folder})
  endforeach()
  set(base ${ZS_SOURCE_DIR}/engine)
else()
  message(FATAL_ERROR "usage: cmake -DZS_SOURCE_DIR=<repo> -P check_purity.cmake, or "
                      "-DZS_CHECK_DIRS=<dir>[;<dir>] to check other folders")
endif()

set(violations 0)
set(checked 0)
set(used_exceptions)
foreach(root IN LISTS roots)
  if(NOT IS_DIRECTORY ${root})
    continue()  # a planned folder that does not exist yet
  endif()
  set(globs)
  foreach(ext IN LISTS extensions)
    list(APPEND globs ${root}/*.${ext})
  endforeach()
  file(GLOB_RECURSE files LIST_DIRECTORIES false ${globs})
  list(SORT files)
  foreach(file IN LISTS files)
    math(EXPR checked "${checked} + 1")
    if(base)
      file(RELATIVE_PATH shown ${base} ${file})
    else()
      set(shown ${file})
    endif()
    file(READ ${file} text)
    # One list element per line. Characters that CMake lists treat specially (; [ ] \) are
    # replaced first, and every element starts with "|" so that empty lines still count.
    string(REPLACE "\\" "/" text "${text}")
    string(REPLACE ";" "," text "${text}")
    string(REPLACE "[" "(" text "${text}")
    string(REPLACE "]" ")" text "${text}")
    string(REPLACE "\r" "" text "${text}")
    string(REPLACE "\n" ";|" lines "|${text}")
    set(line_no 0)
    foreach(line IN LISTS lines)
      math(EXPR line_no "${line_no} + 1")
      if(NOT line MATCHES "^\\|[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"]")
        continue()
      endif()
      set(header ${CMAKE_MATCH_1})
      foreach(forbidden IN LISTS ZS_FORBIDDEN_HEADERS)
        if(NOT header MATCHES "^${forbidden}$")
          continue()
        endif()
        if("${shown}|${header}" IN_LIST ZS_PURITY_EXCEPTIONS)
          list(APPEND used_exceptions "${shown}|${header}")
          break()
        endif()
        message("${shown}:${line_no}: includes <${header}>, which a pure folder must not "
                "(clock, thread, random, socket or GUI header; STYLE.md §2)")
        math(EXPR violations "${violations} + 1")
        break()
      endforeach()
    endforeach()
  endforeach()
endforeach()

foreach(exception IN LISTS ZS_PURITY_EXCEPTIONS)
  if(DEFINED ZS_SOURCE_DIR AND NOT DEFINED ZS_CHECK_DIRS AND
     NOT exception IN_LIST used_exceptions)
    message("note: the exception ${exception} is no longer needed; remove it from "
            "tests/purity/check_purity.cmake")
  endif()
endforeach()

if(violations GREATER 0)
  message(FATAL_ERROR "purity: ${violations} forbidden include(s) in ${checked} files of the "
                      "pure folders; move that code to a driver (net/, gui/, cli/) or pass "
                      "time, randomness or I/O in from the caller")
endif()
message("purity: ${checked} files in the pure folders, no forbidden include")
