namespace CorrelationHub.Media.Srtp;

/// <summary>
/// What SDES negotiated for one direction of one stream (RFC 4568 §6): the suite, the sender's master keys (several
/// when MKIs name them) and the session parameters that switch protection off.
/// </summary>
public sealed record SrtpPolicy(SrtpSuite Suite, IReadOnlyList<SrtpMasterKey> Keys)
{
    /// <summary>RFC 4568 §6.3.2 UNENCRYPTED_SRTP: payloads are authenticated but not encrypted.</summary>
    public bool UnencryptedSrtp { get; init; }

    /// <summary>RFC 4568 §6.3.2 UNENCRYPTED_SRTCP: SRTCP E flag is 0.</summary>
    public bool UnencryptedSrtcp { get; init; }

    /// <summary>RFC 4568 §6.3.3 UNAUTHENTICATED_SRTP: SRTP packets carry no tag.</summary>
    public bool UnauthenticatedSrtp { get; init; }

    public int MkiLength => Keys.Count == 0 ? 0 : Keys[0].Mki.Length;
}
