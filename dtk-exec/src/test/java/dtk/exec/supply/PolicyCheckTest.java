package dtk.exec.supply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The policy verdict as a reader needs it. */
class PolicyCheckTest {
  @Test
  void aGpgmeStructDump_becomesTheSigningKey_andWhyItIsRefused() {
    String skopeo =
        "Source image rejected: Invalid GPG signature: gpgme.Signature{Summary:128, Fingerprint:\\\"0FCD9C4EBFEA"
            + "F6766210A44AC7F4E9B7E20FA81A\\\", Status:gpgme.Error{err:0x9}, Timestamp:time.Date(2026, time.December, 3, 15, 27, 42, 0,"
            + " time.Local), ExpTimestamp:time.Date(1970, time.January, 1, 0, 0, 0, 0, time.Local), WrongKeyUsage:false, PKATrust:0x0,"
            + " ChainModel:false, Validity:0, ValidityReason:error(nil), PubkeyAlgo:1, HashAlgo:10}";
    assertThat(PolicyCheck.readable(skopeo))
        .isEqualTo(
            "Source image rejected: Invalid GPG signature: signed by key "
                + "0FCD9C4EBFEAF6766210A44AC7F4E9B7E20FA81A, which is not among the policy's keys");
  }

  @Test
  void otherReasons_areKept() {
    String missing = "Source image rejected: A signature was required, but no signature exists";
    assertThat(PolicyCheck.readable(missing)).isEqualTo(missing);
  }
}
