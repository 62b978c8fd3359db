package dtk.cli;

/** The documented exit codes of every dtk command (README, "Exit codes"). */
public enum ExitStatus {
  OK(0, "success"),
  INTERNAL_ERROR(1, "internal error (a bug in dtk: rerun with --stacktrace and report it)"),
  USAGE(2, "usage error (unknown option, missing file, bad --set)"),
  INVALID_SPEC(3, "invalid spec"),
  TOOL_FAILED(4, "a build, push or tool failed");

  private final int code;
  private final String meaning;

  ExitStatus(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
