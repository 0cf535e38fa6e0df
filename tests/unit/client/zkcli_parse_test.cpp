// zkCli's command line (ZooKeeperMain.MyCommandOptions.parseCommand and processZKCmd, the
// parse/exec checks of cli/*Command.java, commons-cli 1.5.0 DefaultParser). Expected texts are
// copied from docs/reference-captures/zkcli-3.8.0-console.txt ("session N" there).
#include "client/zkcli_parse.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zs::client {
namespace {

using Tokens = std::vector<std::string>;

template <class T>
T command_of(const ParsedLine& r) {
  EXPECT_EQ(r.outcome, LineOutcome::Run) << r.printed.text();
  if (!r.command) return T{};
  const T* c = std::get_if<T>(&*r.command);
  EXPECT_NE(c, nullptr);
  return c ? *c : T{};
}

template <class T>
T parse_ok(std::string_view line) {
  ParsedLine r = parse_line(line);
  EXPECT_EQ(r.printed.text(), "") << line;
  return command_of<T>(r);
}

// The text zkCli prints for a line that stops before any request, and checks it failed.
std::string failure(std::string_view line) {
  ParsedLine r = parse_line(line);
  EXPECT_EQ(r.outcome, LineOutcome::Failed) << line;
  EXPECT_EQ(r.command, std::nullopt);
  return r.printed.text();
}

std::string abort_text(std::string_view line) {
  ParsedLine r = parse_line(line);
  EXPECT_EQ(r.outcome, LineOutcome::Aborted) << line;
  EXPECT_EQ(r.exit_code, 1);
  return r.printed.text();
}

// --- Tokens --------------------------------------------------------------------------------

TEST(Tokenize, SplitsOnWhitespace) {
  EXPECT_EQ(tokenize("create /zk_test my_data"), (Tokens{"create", "/zk_test", "my_data"}));
  EXPECT_EQ(tokenize("  ls\t/  "), (Tokens{"ls", "/"}));
}

TEST(Tokenize, QuotedArgumentIsOneTokenWithoutQuotes) {
  // session 2: `create /q "quoted data with spaces"`, `create /q2 'single quoted'`, `create /empty ""`.
  EXPECT_EQ(tokenize("create /q \"quoted data with spaces\""),
            (Tokens{"create", "/q", "quoted data with spaces"}));
  EXPECT_EQ(tokenize("create /q2 'single quoted'"), (Tokens{"create", "/q2", "single quoted"}));
  EXPECT_EQ(tokenize("create /empty \"\""), (Tokens{"create", "/empty", ""}));
  EXPECT_EQ(tokenize("set /a \"it's\""), (Tokens{"set", "/a", "it's"}));
  EXPECT_EQ(tokenize("set /a '\"x\"'"), (Tokens{"set", "/a", "\"x\""}));
}

TEST(Tokenize, QuotesInsideAWordStay) {
  // session 2: `create /q3 a"b c"` gives data a"b and ACL c" (reported as a bad ACL).
  EXPECT_EQ(tokenize("create /q3 a\"b c\""), (Tokens{"create", "/q3", "a\"b", "c\""}));
  EXPECT_EQ(tokenize("\"a b\"c"), (Tokens{"a b", "c"}));
}

TEST(Tokenize, UnmatchedQuoteIsSkipped) {
  EXPECT_EQ(tokenize("get \"/zk_test"), (Tokens{"get", "/zk_test"}));
  EXPECT_EQ(tokenize("\""), Tokens{});
}

TEST(Tokenize, BlankLineIsOneBlankToken) {
  // session 3: "   " prints "Command not found: Command not found  ".
  EXPECT_EQ(tokenize("   "), (Tokens{" "}));
  EXPECT_EQ(tokenize("  \"abc"), (Tokens{" \"abc"}));
}

// --- Lines that run nothing ----------------------------------------------------------------

TEST(ParseLine, EmptyLineIsIgnored) {
  ParsedLine r = parse_line("");
  EXPECT_EQ(r.outcome, LineOutcome::Empty);
  EXPECT_TRUE(r.printed.empty());
}

TEST(ParseLine, LineWithoutTokensRepeatsThePreviousCommand) {
  // session 3: a lone `"` after `create /zk_test again` printed "Node already exists" again.
  ParsedLine r = parse_line("\"");
  EXPECT_EQ(r.outcome, LineOutcome::NoTokens);
  EXPECT_EQ(r.command, std::nullopt);
}

TEST(ParseLine, UnknownCommandPrintsUsageAndExits127) {
  // session 3: `xyz`, `help`.
  ParsedLine r = parse_line("xyz");
  EXPECT_EQ(r.outcome, LineOutcome::Failed);
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_EQ(r.printed.text(Stream::Out), "");
  EXPECT_EQ(r.printed.text(), print_usage().text() + "Command not found: Command not found xyz\n");
  EXPECT_TRUE(parse_line("help").printed.text().ends_with("Command not found: Command not found help\n"));
  EXPECT_TRUE(parse_line("   ").printed.text().ends_with("Command not found: Command not found  \n"));
  EXPECT_EQ(parse_line("getacl /").exit_code, 127);
}

TEST(ParseLine, NotConnectedStopsServerCommandsBeforeTheirArguments) {
  // session 6: after `close`, `ls /` and `create /x` print "Not connected".
  for (const char* line : {"ls /", "create /x", "create", "set -v abc /x d", "version"}) {
    ParsedLine r = parse_line(line, false);
    EXPECT_EQ(r.outcome, LineOutcome::Failed) << line;
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.printed.text(Stream::Out), "Not connected\n");
    EXPECT_EQ(r.printed.text(Stream::Err), "");
  }
  // Unknown commands and the shell's own commands are handled first.
  EXPECT_EQ(parse_line("xyz", false).exit_code, 127);
  EXPECT_EQ(command_of<HistoryCmd>(parse_line("history", false)), HistoryCmd{});
  EXPECT_EQ(command_of<ConnectCmd>(parse_line("connect 127.0.0.1:32181", false)),
            ConnectCmd{"127.0.0.1:32181"});
  EXPECT_EQ(command_of<QuitCmd>(parse_line("quit", false)), QuitCmd{});
}

// --- Options (DefaultParser) -----------------------------------------------------------------

TEST(Options, UnknownOptionNamesTheToken) {
  // sessions 1 and 3.
  EXPECT_EQ(failure("create -x /a"),
            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x\n");
  EXPECT_EQ(failure("create --foo /x"),
            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: --foo\n");
  EXPECT_EQ(failure("create --s /x"),
            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: --s\n");
  EXPECT_EQ(failure("create -s-e /x"),
            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -s-e\n");
  EXPECT_EQ(failure("create -s=1 /x"),
            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -s=1\n");
  // A negative number where a positional argument is expected is an unknown option too.
  EXPECT_EQ(failure("create /a -1"),
            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -1\n");
}

TEST(Options, MissingValue) {
  // session 3: `delete -v`, `set -v -s /zk_test d`.
  EXPECT_EQ(failure("delete -v"),
            "org.apache.commons.cli.MissingArgumentException: Missing argument for option: v\n");
  EXPECT_EQ(failure("set -v -s /zk_test d"),
            "org.apache.commons.cli.MissingArgumentException: Missing argument for option: v\n");
  EXPECT_EQ(failure("create -t -- /x"),
            "org.apache.commons.cli.MissingArgumentException: Missing argument for option: t\n");
}

TEST(Options, ValueForms) {
  // session 2: `create -t100 /attached`, `create -t=200 /eq`, `create -se /burst`.
  EXPECT_EQ(parse_ok<CreateCmd>("create -t100 /attached").ttl_ms, 100);
  EXPECT_EQ(parse_ok<CreateCmd>("create -t=200 /eq").ttl_ms, 200);
  EXPECT_EQ(parse_ok<CreateCmd>("create -se /burst").flags, create_mode::kEphemeralSequential);
  EXPECT_EQ(parse_ok<CreateCmd>("create -st 5 /b").flags, create_mode::kPersistentSequentialWithTtl);
  EXPECT_EQ(parse_ok<SetCmd>("set -sv 4 /a d"), (SetCmd{"/a", "d", 4, true}));
  EXPECT_EQ(parse_ok<SetCmd>("set -v \"7\" /a d").version, 7);
  // A token that is no known option is a value: "-1" here.
  EXPECT_EQ(parse_ok<SetCmd>("set -v -1 /a d").version, -1);
  EXPECT_EQ(parse_ok<SetCmd>("set -v +3 /a d").version, 3);
}

TEST(Options, OptionsMayFollowArguments) {
  // session 2: `create /after data -e`; session 5: `deleteall /r -b 5`.
  CreateCmd c = parse_ok<CreateCmd>("create /after data -e");
  EXPECT_EQ(c.flags, create_mode::kEphemeral);
  EXPECT_EQ(c.data, "data");
  EXPECT_EQ(parse_ok<DeleteAllCmd>("deleteall /r -b 5"), (DeleteAllCmd{"/r", 5}));
}

TEST(Options, DoubleDashEndsOptions) {
  // session 3: `create -- -weird` takes -weird as the path.
  EXPECT_EQ(failure("create -- -weird"), "Path must start with / character\n");
  EXPECT_EQ(parse_ok<CreateCmd>("create -- /a -e").data, "-e");
}

TEST(Options, RepeatedOptionKeepsItsFirstValue) {
  // session 3: `create -t 5 -t abc /tt5` created /tt5.
  EXPECT_EQ(parse_ok<CreateCmd>("create -t 5 -t abc /tt5").ttl_ms, 5);
}

TEST(Options, UnknownOptionTokenCanBeAValue) {
  // session 3: `create -t -x /x`.
  EXPECT_EQ(failure("create -t -x /x"), "-t argument must be a long value\n");
}

TEST(Options, EmptyNameBeforeEqualsCrashesZkCli) {
  // own session: `create -=x /a`.
  EXPECT_EQ(abort_text("create -=x /a"),
            "Exception in thread \"main\" java.lang.StringIndexOutOfBoundsException: begin 0, end "
            "1, length 0\n");
}

// --- create ----------------------------------------------------------------------------------

TEST(Create, PlainCreate) {
  CreateCmd c = parse_ok<CreateCmd>("create /zk_test my_data");
  EXPECT_EQ(c, (CreateCmd{"/zk_test", "my_data", open_acl_unsafe(), create_mode::kPersistent, -1}));
  EXPECT_EQ(parse_ok<CreateCmd>("create /nodata").data, std::nullopt);
}

TEST(Create, FlagsMapToCreateModes) {
  EXPECT_EQ(parse_ok<CreateCmd>("create -e /e").flags, create_mode::kEphemeral);
  EXPECT_EQ(parse_ok<CreateCmd>("create -s /s").flags, create_mode::kPersistentSequential);
  EXPECT_EQ(parse_ok<CreateCmd>("create -s -e /s").flags, create_mode::kEphemeralSequential);
  EXPECT_EQ(parse_ok<CreateCmd>("create -c /c").flags, create_mode::kContainer);
  CreateCmd ttl = parse_ok<CreateCmd>("create -t 1000 /ttl");
  EXPECT_EQ(ttl.flags, create_mode::kPersistentWithTtl);
  EXPECT_EQ(ttl.ttl_ms, 1000);
  EXPECT_EQ(parse_ok<CreateCmd>("create -s -t 1000 /ttlseq").flags,
            create_mode::kPersistentSequentialWithTtl);
  EXPECT_EQ(parse_ok<CreateCmd>("create -t 1099511627775 /max").ttl_ms, kMaxTtlMs);
}

TEST(Create, ModeErrors) {
  // session 1.
  EXPECT_EQ(failure("create"), "create [-s] [-e] [-c] [-t ttl] path [data] [acl]\n");
  EXPECT_EQ(failure("create -c -e /c"),
            "-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.\n");
  EXPECT_EQ(failure("create -c -s /c"),
            "-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.\n");
  EXPECT_EQ(failure("create -t abc /t"), "-t argument must be a long value\n");
  EXPECT_EQ(failure("create -t 99999999999999999999 /x"), "-t argument must be a long value\n");
  EXPECT_EQ(failure("create -t 0 /t"), "ttl must be positive and cannot be larger than: 1099511627775\n");
  EXPECT_EQ(failure("create -t 1099511627776 /t"),
            "ttl must be positive and cannot be larger than: 1099511627775\n");
  EXPECT_EQ(failure("create -t 100 -e /c"), "TTLs cannot be used with Ephemeral znodes\n");
  EXPECT_EQ(failure("create -t 100 -c /c"), "TTLs cannot be used with Container znodes\n");
  // The container check comes before the ttl value is read.
  EXPECT_EQ(failure("create -c -e -t abc /c"),
            "-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.\n");
}

TEST(Create, PathErrors) {
  // sessions 2 and 8.
  EXPECT_EQ(failure("create zk"), "Path must start with / character\n");
  EXPECT_EQ(failure("create /x/"), "Path must not end with / character\n");
  EXPECT_EQ(failure("create \"\""), "Path length must be > 0\n");
  EXPECT_EQ(failure("create /a//b"), "Invalid path string \"/a//b\" caused by empty node name specified @3\n");
  EXPECT_EQ(failure("create -s /a//b"),
            "Invalid path string \"/a//b1\" caused by empty node name specified @3\n");
  EXPECT_EQ(parse_ok<CreateCmd>("create -s /seqdir/").path, "/seqdir/");
}

TEST(Create, AclArgument) {
  CreateCmd c = parse_ok<CreateCmd>("create /acl x world:anyone:r");
  EXPECT_EQ(c.acl, (AclList{Acl{perms::kRead, Id{"world", "anyone"}}}));
  // session 4: bad entries are reported on stderr and skipped.
  ParsedLine r = parse_line("create /bad x digest:foo,world:anyone:rx");
  EXPECT_EQ(r.printed.text(Stream::Err),
            "digest:foo does not have the form scheme:id:perm\nUnknown perm type: x\n");
  EXPECT_EQ(command_of<CreateCmd>(r).acl, (AclList{Acl{perms::kRead, Id{"world", "anyone"}}}));
}

TEST(Create, EmptyAclFailsOnTheClient) {
  // session 8: `create /t2 x bogus`; session 2: `create /q3 a"b c"`.
  EXPECT_EQ(failure("create /t2 x bogus"),
            "bogus does not have the form scheme:id:perm\nKeeperErrorCode = InvalidACL\nAcl is not "
            "valid : null\n");
  EXPECT_EQ(failure("create /q3 a\"b c\""),
            "c\" does not have the form scheme:id:perm\nKeeperErrorCode = InvalidACL\nAcl is not "
            "valid : null\n");
  // The path is checked first.
  EXPECT_EQ(failure("create zk x bogus"),
            "bogus does not have the form scheme:id:perm\nPath must start with / character\n");
}

// --- get / ls / stat ---------------------------------------------------------------------

TEST(Get, Options) {
  EXPECT_EQ(parse_ok<GetCmd>("get /zk_test"), (GetCmd{"/zk_test", false, false}));
  EXPECT_EQ(parse_ok<GetCmd>("get -s -w /zk_test"), (GetCmd{"/zk_test", true, true}));
  EXPECT_EQ(parse_ok<GetCmd>("get -sw /zk_test"), (GetCmd{"/zk_test", true, true}));
  EXPECT_EQ(failure("get"), "get [-s] [-w] path\n");
  EXPECT_EQ(failure("get -sw"), "get [-s] [-w] path\n");
  EXPECT_EQ(failure("get zk"), "Path must start with / character\n");
}

TEST(Get, OldWatchArgumentIsRewrittenToW) {
  // session 2: `get /zk_test watch`.
  ParsedLine r = parse_line("get /zk_test watch");
  EXPECT_EQ(r.printed.text(Stream::Err),
            "'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead.\n");
  EXPECT_EQ(command_of<GetCmd>(r), (GetCmd{"/zk_test", false, true}));
}

TEST(Get, RewriteHitsTheThirdRawToken) {
  // session 3: `get -s /zk_test x` overwrites "/zk_test" and reads "x" as the path.
  EXPECT_EQ(failure("get -s /zk_test x"),
            "'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead.\n"
            "Path must start with / character\n");
}

TEST(Ls, Options) {
  EXPECT_EQ(parse_ok<LsCmd>("ls /"), (LsCmd{"/", false, false, false}));
  EXPECT_EQ(parse_ok<LsCmd>("ls -s -w -R /"), (LsCmd{"/", true, true, true}));
  EXPECT_EQ(parse_ok<LsCmd>("ls -Rs /zookeeper"), (LsCmd{"/zookeeper", true, false, true}));
  EXPECT_EQ(failure("ls"), "ls [-s] [-w] [-R] path\n");
  EXPECT_EQ(failure("ls -R zk"), "Path must start with / character\n");
}

TEST(Ls, HelpOptionPrintsHelpThenGoesOn) {
  // session 2: `ls -?`.
  const std::string help = "usage: ls [options] path\n -?   help\n -R   recurse\n -s   stat\n -w   watch\n";
  ParsedLine r = parse_line("ls -?");
  EXPECT_EQ(r.outcome, LineOutcome::Failed);
  EXPECT_EQ(r.printed.text(Stream::Out), help);
  EXPECT_EQ(r.printed.text(), help + "ls [-s] [-w] [-R] path\n");
  ParsedLine ok = parse_line("ls -? /");
  EXPECT_EQ(ok.printed.text(Stream::Out), help);
  EXPECT_EQ(command_of<LsCmd>(ok).path, "/");
}

TEST(Ls, OldWatchArgument) {
  // session 2: `ls / watch`; session 8: `ls /zk_test extra more`.
  ParsedLine r = parse_line("ls / watch");
  EXPECT_EQ(r.printed.text(Stream::Err),
            "'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead.\n");
  EXPECT_EQ(command_of<LsCmd>(r), (LsCmd{"/", false, true, false}));
  EXPECT_EQ(command_of<LsCmd>(parse_line("ls /zk_test extra more")).path, "/zk_test");
}

TEST(Stat, Options) {
  EXPECT_EQ(parse_ok<StatCmd>("stat /zk_test"), (StatCmd{"/zk_test", false}));
  EXPECT_EQ(parse_ok<StatCmd>("stat -w /newnode"), (StatCmd{"/newnode", true}));
  EXPECT_EQ(failure("stat"), "stat [-w] path\n");
  // session 2: `stat /zk_test w`.
  ParsedLine r = parse_line("stat /zk_test w");
  EXPECT_EQ(r.printed.text(Stream::Err),
            "'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead.\n");
  EXPECT_EQ(command_of<StatCmd>(r), (StatCmd{"/zk_test", true}));
}

// --- set / delete / deleteall --------------------------------------------------------------

TEST(Set, Options) {
  EXPECT_EQ(parse_ok<SetCmd>("set /zk_test junk"), (SetCmd{"/zk_test", "junk", -1, false}));
  EXPECT_EQ(parse_ok<SetCmd>("set -s /zk_test d2"), (SetCmd{"/zk_test", "d2", -1, true}));
  EXPECT_EQ(parse_ok<SetCmd>("set -v 5 /zk_test d3"), (SetCmd{"/zk_test", "d3", 5, false}));
  EXPECT_EQ(parse_ok<SetCmd>("set /zk_test a b"), (SetCmd{"/zk_test", "a", -1, false}));
  EXPECT_EQ(failure("set /zk_test"), "set [-s] [-v version] path data\n");
  EXPECT_EQ(failure("set zk d"), "Path must start with / character\n");
}

// The frames below the command's exec (captured from real zkCli on Debian 12, JDK 17).
constexpr const char* kMainFrames =
    "\tat org.apache.zookeeper.ZooKeeperMain.processCmd(ZooKeeperMain.java:367)\n"
    "\tat org.apache.zookeeper.ZooKeeperMain.executeLine(ZooKeeperMain.java:359)\n"
    "\tat org.apache.zookeeper.ZooKeeperMain.run(ZooKeeperMain.java:345)\n"
    "\tat org.apache.zookeeper.ZooKeeperMain.main(ZooKeeperMain.java:293)\n";

std::string parse_int_trace(const std::string& command_frame) {
  return "\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)\n"
         "\tat java.base/java.lang.Integer.parseInt(Integer.java:668)\n"
         "\tat java.base/java.lang.Integer.parseInt(Integer.java:786)\n"
         "\tat org.apache.zookeeper.cli." + command_frame + "\n"
         "\tat org.apache.zookeeper.ZooKeeperMain.processZKCmd(ZooKeeperMain.java:438)\n" + kMainFrames;
}

TEST(Set, NonNumericVersionCrashesZkCliWithItsWholeTrace) {
  // Real zkCli 3.8.0 (Debian 12): Integer.parseInt is not guarded, Java prints the trace.
  EXPECT_EQ(abort_text("set -v abc /zk_test x"),
            "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"abc\"\n" +
                parse_int_trace("SetCommand.exec(SetCommand.java:69)"));
  EXPECT_EQ(abort_text("delete -v abc /x"),
            "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"abc\"\n" +
                parse_int_trace("DeleteCommand.exec(DeleteCommand.java:81)"));
  EXPECT_EQ(abort_text("setAcl -v abc /x world:anyone:r"),
            "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"abc\"\n" +
                parse_int_trace("SetAclCommand.exec(SetAclCommand.java:76)"));
  // Failures parseInt throws from lines not measured print the first line only.
  EXPECT_EQ(abort_text("set -v \"\" /x d"),
            "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"\"\n");
  EXPECT_EQ(abort_text("set -v 2147483648 /x d"),
            "Exception in thread \"main\" java.lang.NumberFormatException: For input string: "
            "\"2147483648\"\n");
  EXPECT_EQ(parse_ok<SetCmd>("set -v -2147483648 /x d").version, -2147483648);
}

TEST(Redo, NonNumericIndexCrashesZkCliWithItsWholeTrace) {
  EXPECT_EQ(abort_text("redo abc"),
            "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"abc\"\n"
            "\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)\n"
            "\tat java.base/java.lang.Integer.parseInt(Integer.java:668)\n"
            "\tat java.base/java.lang.Integer.valueOf(Integer.java:973)\n"
            "\tat java.base/java.lang.Integer.decode(Integer.java:1458)\n"
            "\tat org.apache.zookeeper.ZooKeeperMain.processZKCmd(ZooKeeperMain.java:397)\n" +
                std::string(kMainFrames));
}

TEST(Delete, Options) {
  EXPECT_EQ(parse_ok<DeleteCmd>("delete /zk_test"), (DeleteCmd{"/zk_test", -1}));
  EXPECT_EQ(parse_ok<DeleteCmd>("delete -v 99 /zk_test"), (DeleteCmd{"/zk_test", 99}));
  EXPECT_EQ(failure("delete"), "delete [-v version] path\n");
  EXPECT_EQ(failure("delete zk"), "Path must start with / character\n");
  // delete -v abc: see Set.NonNumericVersionCrashesZkCliWithItsWholeTrace.
}

TEST(Delete, OldVersionArgumentIsReportedAndIgnored) {
  // session 2: `delete /q3 3` deletes with version -1.
  ParsedLine r = parse_line("delete /q3 3");
  EXPECT_EQ(r.printed.text(Stream::Err),
            "'delete path [version]' has been deprecated. Please use 'delete [-v version] path' "
            "instead.\n");
  EXPECT_EQ(command_of<DeleteCmd>(r), (DeleteCmd{"/q3", -1}));
}

TEST(DeleteAll, Options) {
  EXPECT_EQ(parse_ok<DeleteAllCmd>("deleteall /r"), (DeleteAllCmd{"/r", 1000}));
  EXPECT_EQ(parse_ok<DeleteAllCmd>("deleteall -b 2 /r"), (DeleteAllCmd{"/r", 2}));
  // session 5 and own sessions.
  EXPECT_EQ(failure("deleteall"), "deleteall path [-b batch size]\n");
  EXPECT_EQ(failure("deleteall -b abc /r"), "-b argument must be an int value\n");
  EXPECT_EQ(failure("deleteall /x -b 99999999999"), "-b argument must be an int value\n");
  EXPECT_EQ(failure("deleteall zk"), "Path must start with / character\n");
  // The batch size is read before the path is checked.
  EXPECT_EQ(failure("deleteall zk -b x"), "-b argument must be an int value\n");
}

// --- sync / addauth / ACLs ---------------------------------------------------------------

TEST(Sync, Options) {
  EXPECT_EQ(parse_ok<SyncCmd>("sync /"), SyncCmd{"/"});
  EXPECT_EQ(parse_ok<SyncCmd>("sync / extra"), SyncCmd{"/"});
  EXPECT_EQ(failure("sync"), "sync path\n");
  EXPECT_EQ(failure("sync bad"), "Path must start with / character\n");
  EXPECT_EQ(failure("sync -s /"),
            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -s\n");
}

// GetAllChildrenNumberCommand: no options, one path (validated by ZooKeeper before the request).
TEST(GetAllChildrenNumber, Arguments) {
  EXPECT_EQ(parse_ok<GetAllChildrenNumberCmd>("getAllChildrenNumber /"), GetAllChildrenNumberCmd{"/"});
  EXPECT_EQ(parse_ok<GetAllChildrenNumberCmd>("getAllChildrenNumber /a extra"),
            GetAllChildrenNumberCmd{"/a"});
  EXPECT_EQ(failure("getAllChildrenNumber"), "getAllChildrenNumber path\n");
  EXPECT_EQ(failure("getAllChildrenNumber a"), "Path must start with / character\n");
  EXPECT_EQ(failure("getAllChildrenNumber /a/"), "Path must not end with / character\n");
  EXPECT_EQ(failure("getAllChildrenNumber -s /"),
            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -s\n");
}

// WhoAmICommand.parse returns at once: arguments and options are ignored.
TEST(WhoAmI, IgnoresItsArguments) {
  EXPECT_EQ(parse_ok<WhoAmICmd>("whoami"), WhoAmICmd{});
  EXPECT_EQ(parse_ok<WhoAmICmd>("whoami -x extra"), WhoAmICmd{});
}

TEST(AddAuth, Arguments) {
  EXPECT_EQ(parse_ok<AddAuthCmd>("addauth digest user:pass"), (AddAuthCmd{"digest", "user:pass"}));
  // session 4: `addauth digest` sends null auth bytes (the server then fails the session).
  EXPECT_EQ(parse_ok<AddAuthCmd>("addauth digest"), (AddAuthCmd{"digest", std::nullopt}));
  EXPECT_EQ(failure("addauth"), "addauth scheme auth\n");
}

TEST(GetAcl, Options) {
  EXPECT_EQ(parse_ok<GetAclCmd>("getAcl /acl"), (GetAclCmd{"/acl", false}));
  EXPECT_EQ(parse_ok<GetAclCmd>("getAcl -s /acl"), (GetAclCmd{"/acl", true}));
  EXPECT_EQ(failure("getAcl"), "getAcl [-s] path\n");
  EXPECT_EQ(failure("getAcl zk"), "Path must start with / character\n");
}

TEST(SetAcl, Options) {
  const AclList all{Acl{perms::kAll, Id{"world", "anyone"}}};
  EXPECT_EQ(parse_ok<SetAclCmd>("setAcl /acl world:anyone:cdrwa"), (SetAclCmd{"/acl", all, -1, false, false}));
  EXPECT_EQ(parse_ok<SetAclCmd>("setAcl -s -v 9 -R /r world:anyone:cdrwa"), (SetAclCmd{"/r", all, 9, true, true}));
  // session 4 and own sessions.
  EXPECT_EQ(failure("setAcl /zk_test"), "setAcl [-s] [-v version] [-R] path acl\n");
  EXPECT_EQ(failure("setAcl zk world:anyone:r"), "Path must start with / character\n");
  EXPECT_EQ(failure("setAcl -R zk world:anyone:r"), "Path must start with / character\n");
}

TEST(SetAcl, EmptyAclFailsOnTheClientUnlessRecursive) {
  // own session: `setAcl -v 1 /x bad`.
  EXPECT_EQ(failure("setAcl -v 1 /x bad"),
            "bad does not have the form scheme:id:perm\nAcl is not valid : null\n");
  ParsedLine r = parse_line("setAcl -R /r bad");
  EXPECT_EQ(r.printed.text(Stream::Err), "bad does not have the form scheme:id:perm\n");
  EXPECT_EQ(command_of<SetAclCmd>(r), (SetAclCmd{"/r", {}, -1, false, true}));
}

TEST(SetAcl, AclWarningsComeBeforeTheVersionCrash) {
  EXPECT_EQ(abort_text("setAcl -v abc /x bad"),
            "bad does not have the form scheme:id:perm\nException in thread \"main\" "
            "java.lang.NumberFormatException: For input string: \"abc\"\n" +
                parse_int_trace("SetAclCommand.exec(SetAclCommand.java:76)"));
}

// --- watches ---------------------------------------------------------------------------------

TEST(AddWatch, Modes) {
  EXPECT_EQ(parse_ok<AddWatchCmd>("addWatch /w"), (AddWatchCmd{"/w", std::nullopt}));
  EXPECT_EQ(parse_ok<AddWatchCmd>("addWatch -m PERSISTENT /w"), (AddWatchCmd{"/w", WatcherMode::Persistent}));
  EXPECT_EQ(parse_ok<AddWatchCmd>("addWatch -m persistent_recursive /w"),
            (AddWatchCmd{"/w", WatcherMode::PersistentRecursive}));
}

TEST(AddWatch, Errors) {
  // session 5.
  const std::string usage =
      "addWatch [-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - "
      "default is PERSISTENT_RECURSIVE\n";
  EXPECT_EQ(failure("addWatch -m bad /w"), usage);
  EXPECT_EQ(failure("addWatch"), usage);
  EXPECT_EQ(failure("addWatch -m persistent_recursive /w /x"), usage);
  // own session: AddWatchCommand does not catch the path check.
  EXPECT_EQ(abort_text("addWatch zk"),
            "Exception in thread \"main\" java.lang.IllegalArgumentException: Path must start with / "
            "character\n");
}

TEST(RemoveWatches, TypeFlagsInPriorityOrder) {
  EXPECT_EQ(parse_ok<RemoveWatchesCmd>("removewatches /w"), (RemoveWatchesCmd{"/w", WatcherType::Any, false}));
  EXPECT_EQ(parse_ok<RemoveWatchesCmd>("removewatches /w -d"), (RemoveWatchesCmd{"/w", WatcherType::Data, false}));
  EXPECT_EQ(parse_ok<RemoveWatchesCmd>("removewatches /zk_test -c -l"),
            (RemoveWatchesCmd{"/zk_test", WatcherType::Children, true}));
  EXPECT_EQ(parse_ok<RemoveWatchesCmd>("removewatches -d -c /w").type, WatcherType::Children);
  EXPECT_EQ(parse_ok<RemoveWatchesCmd>("removewatches -a -d /w").type, WatcherType::Data);
  EXPECT_EQ(failure("removewatches"), "removewatches path [-c|-d|-a] [-l]\n");
  EXPECT_EQ(failure("removewatches zk"), "Path must start with / character\n");
}

// --- the shell's own commands ------------------------------------------------------------

TEST(Shell, CloseIgnoresItsArguments) {
  // session 9: `close -x`.
  EXPECT_EQ(parse_ok<CloseCmd>("close -x"), CloseCmd{});
}

TEST(Shell, ConnectHistoryPrintwatchesQuit) {
  EXPECT_EQ(parse_ok<ConnectCmd>("connect 127.0.0.1:32181"), ConnectCmd{"127.0.0.1:32181"});
  EXPECT_EQ(parse_ok<ConnectCmd>("connect"), ConnectCmd{std::nullopt});
  EXPECT_EQ(parse_ok<HistoryCmd>("history"), HistoryCmd{});
  EXPECT_EQ(parse_ok<PrintWatchesCmd>("printwatches"), PrintWatchesCmd{std::nullopt});
  EXPECT_EQ(parse_ok<PrintWatchesCmd>("printwatches off"), PrintWatchesCmd{false});
  EXPECT_EQ(parse_ok<PrintWatchesCmd>("printwatches on"), PrintWatchesCmd{true});
  EXPECT_EQ(parse_ok<PrintWatchesCmd>("printwatches ON"), PrintWatchesCmd{false});
  EXPECT_EQ(parse_ok<QuitCmd>("quit now"), QuitCmd{});
}

TEST(Shell, RedoDecodesItsIndexLikeIntegerDecode) {
  EXPECT_EQ(parse_ok<RedoCmd>("redo 1"), RedoCmd{1});
  EXPECT_EQ(parse_ok<RedoCmd>("redo 0x1"), RedoCmd{1});
  EXPECT_EQ(parse_ok<RedoCmd>("redo #1f"), RedoCmd{31});
  EXPECT_EQ(parse_ok<RedoCmd>("redo 010"), RedoCmd{8});
  EXPECT_EQ(parse_ok<RedoCmd>("redo -0x10"), RedoCmd{-16});
  EXPECT_EQ(parse_ok<RedoCmd>("redo"), RedoCmd{std::nullopt});
  // own sessions.
  // redo abc: see Redo.NonNumericIndexCrashesZkCliWithItsWholeTrace.
  EXPECT_EQ(abort_text("redo 0xzz"),
            "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"zz\" "
            "under radix 16\n");
  EXPECT_EQ(abort_text("redo 09"),
            "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"9\" "
            "under radix 8\n");
  EXPECT_EQ(abort_text("redo -"),
            "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"-\"\n");
  EXPECT_EQ(abort_text("redo 0x-1"),
            "Exception in thread \"main\" java.lang.NumberFormatException: Sign character in wrong "
            "position\n");
}

// SetQuotaCommand: one option of the group -n|-b|-N|-B, its value checked in exec.
TEST(Quota, SetquotaTakesOneLimit) {
  EXPECT_EQ(parse_ok<SetQuotaCmd>("setquota -n 5 /q"), (SetQuotaCmd{"/q", 5, -1, -1, -1}));
  EXPECT_EQ(parse_ok<SetQuotaCmd>("setquota -b 0 /q"), (SetQuotaCmd{"/q", -1, 0, -1, -1}));
  EXPECT_EQ(parse_ok<SetQuotaCmd>("setquota -N 2 /q"), (SetQuotaCmd{"/q", -1, -1, 2, -1}));
  EXPECT_EQ(parse_ok<SetQuotaCmd>("setquota -B 10000000000 /q"), (SetQuotaCmd{"/q", -1, -1, -1, 10000000000}));
  EXPECT_EQ(failure("setquota -n 9999999999 /q"), "NumberFormatException happens when parsing the option value\n");
  EXPECT_EQ(failure("setquota -n 1 a"), "Path must start with / character\n");
}

TEST(Quota, ListquotaPrintsTheLimitsPathFirst) {
  const ParsedLine p = parse_line("listquota /q");
  ASSERT_EQ(p.outcome, LineOutcome::Run);
  EXPECT_EQ(std::get<ListQuotaCmd>(*p.command).path, "/q");
  EXPECT_EQ(p.printed.text(Stream::Err), "absolute path is /zookeeper/quota/q/zookeeper_limits\n");
  EXPECT_EQ(failure("listquota /"),
            "absolute path is /zookeeper/quota//zookeeper_limits\n"
            "Invalid path string \"/zookeeper/quota//zookeeper_limits\" caused by empty node name specified @17\n");
  EXPECT_EQ(failure("listquota"), "listquota path\n");
}

TEST(Quota, DelquotaTakesAtMostOneFlag) {
  EXPECT_TRUE(parse_ok<DelQuotaCmd>("delquota /q").whole());
  EXPECT_EQ(parse_ok<DelQuotaCmd>("delquota -B /q"), (DelQuotaCmd{"/q", false, false, false, true}));
  EXPECT_EQ(failure("delquota -b -n /q"),
            "org.apache.commons.cli.AlreadySelectedException: The option 'n' was specified but an option from "
            "this group has already been selected: 'b'\n");
}

TEST(GetEphemerals, PrefixIsOptionalAndCheckedAsAPath) {
  // ZooKeeper.getEphemerals() without a path asks with the prefix "/".
  EXPECT_EQ(parse_ok<GetEphemeralsCmd>("getEphemerals").prefix, "/");
  EXPECT_EQ(parse_ok<GetEphemeralsCmd>("getEphemerals /e").prefix, "/e");
  // Real zkCli: `getEphemerals e`.
  EXPECT_EQ(failure("getEphemerals e"), "Path must start with / character\n");
}

TEST(Version, TakesNoOption) {
  EXPECT_EQ(parse_ok<VersionCmd>("version"), VersionCmd{});
  // Real zkCli: `version -x`.
  EXPECT_EQ(failure("version -x"), "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x\n");
}

TEST(Config, OptionsAndIgnoredArguments) {
  EXPECT_EQ(parse_ok<ConfigCmd>("config"), (ConfigCmd{false, false, false}));
  EXPECT_EQ(parse_ok<ConfigCmd>("config -c -s"), (ConfigCmd{true, false, true}));
  EXPECT_EQ(parse_ok<ConfigCmd>("config -w"), (ConfigCmd{false, true, false}));
  // Real zkCli prints the config for `config x y`: positional arguments are not looked at.
  EXPECT_EQ(parse_ok<ConfigCmd>("config x y"), (ConfigCmd{false, false, false}));
}

TEST(Reconfig, NeedsAnOperationAndChecksItsModes) {
  EXPECT_EQ(failure("reconfig"), *usage_of("reconfig") + "\n");
  EXPECT_EQ(parse_ok<ReconfigCmd>("reconfig -remove 3").leaving, "3");
  const ReconfigCmd add = parse_ok<ReconfigCmd>("reconfig -s -add Server.4=127.0.0.1:2890:3890:participant;2184");
  EXPECT_EQ(add.joining, "server.4=127.0.0.1:2890:3890:participant;2184");  // lower-cased
  EXPECT_EQ(add.leaving, std::nullopt);
  EXPECT_TRUE(add.stat);
  EXPECT_EQ(failure("reconfig -members server.1=a:1:2 -add server.4=b:1:2"),
            "Can't use -file or -members together with -add or -remove (mixing incremental and "
            "non-incremental modes is not allowed)\n");
  EXPECT_EQ(failure("reconfig -remove 3 -v xyz"), "-v must be followed by a long (configuration version)\n");
  EXPECT_EQ(parse_ok<ReconfigCmd>("reconfig -remove 3 -v 1ff").version, 0x1ff);
}

TEST(Reconfig, FileIsKeptToBeReadWhenTheLineRuns) {
  const ReconfigCmd cmd = parse_ok<ReconfigCmd>("reconfig -file /tmp/Dyn.cfg");
  EXPECT_EQ(cmd.file, "/tmp/Dyn.cfg");  // not lower-cased: a path
  EXPECT_EQ(cmd.members, std::nullopt);
  EXPECT_EQ(failure("reconfig -file a -members server.1=a:1:2"),
            "Can't use -file and -members together (conflicting non-incremental modes)\n");
}

// QuorumPeerConfig.parseDynamicConfig's messages, as real zkCli 3.8.0 printed them after
// "Error processing <path>" (the first six measured; the rest from the 3.8.0 sources).
TEST(Reconfig, DynamicConfigFileMessages) {
  auto error = [](const std::string& text) { return parse_dynamic_config(text).error.value_or("(ok)"); };
  EXPECT_EQ(error("foo=bar\n"), "Unrecognised parameter: foo");
  EXPECT_EQ(error("server.1=127.0.0.1:2888\nserver.2=127.0.0.1:2889:3889\n"),
            "127.0.0.1:2888 does not have the form server_config or server_config;client_config where "
            "server_config is the pipe separated list of host:port:port or host:port:port:type and "
            "client_config is port or host:port");
  EXPECT_EQ(error("server.a=127.0.0.1:2888:3888\n"), "For input string: \"a\"");
  EXPECT_EQ(error("server.1=127.0.0.1:x:3888\nserver.2=127.0.0.1:2889:3889\n"), "Address unresolved: 127.0.0.1:x");
  EXPECT_EQ(error(""), "(ok)");
  EXPECT_EQ(error("server.1=127.0.0.1:2888:3888\nversion=100000000\n"), "(ok)");
  EXPECT_EQ(error("server.1=127.0.0.1:2888:2888\n"),
            "Client and election port must be different! Please update the configuration file on server.1");
  EXPECT_EQ(error("server.1=127.0.0.1:2888:3888:witness\n"), "Unrecognised peertype: witness");
  EXPECT_EQ(error("server.1=127.0.0.1:2888:3888:observer\n"), "Observers w/o participants is an invalid configuration");
  EXPECT_EQ(error("server.1=127.0.0.1:2888:3888;x\n"), "Address unresolved: null:x");
  EXPECT_EQ(error("server.1=127.0.0.1:2888:70000\n"), "port out of range:70000");
  EXPECT_EQ(error("version=zz\n"), "For input string: \"zz\" under radix 16");
  EXPECT_EQ(error("# a comment\n! another\n\n  server.1 = 127.0.0.1:2888:3888\n"), "(ok)");
  EXPECT_EQ(parse_dynamic_config("server.2=127.0.0.1:2889:3889;2182\nserver.1=127.0.0.1:2888:3888:participant\n"
                                 "version=1f\n")
                .members,
            "server.1=127.0.0.1:2888:3888:participant\n"
            "server.2=127.0.0.1:2889:3889:participant;0.0.0.0:2182\n"
            "version=1f");
}

TEST(ParseArgs, TakesTokensAsZkCliShArguments) {
  // samples/runs/exp_f_cli.txt: `zkCli.sh -server 127.0.0.1:40801 create /zk_test my_data`.
  ParsedLine r = parse_args({"create", "/zk_test", "my_data"});
  EXPECT_EQ(command_of<CreateCmd>(r).data, "my_data");
  EXPECT_EQ(parse_args({}).outcome, LineOutcome::NoTokens);
}

}  // namespace
}  // namespace zs::client
