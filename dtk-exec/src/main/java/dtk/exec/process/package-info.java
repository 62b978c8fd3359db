/**
 * External programs: {@link dtk.exec.process.ProcessRunner} is the one port ({@link
 * dtk.exec.process.Invocation} in, {@link dtk.exec.process.ProcessResult} out), and {@link
 * dtk.exec.process.LocalProcessRunner} the only class in dtk that touches {@code ProcessBuilder}
 * (concurrent pumping of both streams, timeouts that kill the whole process tree).
 */
package dtk.exec.process;
